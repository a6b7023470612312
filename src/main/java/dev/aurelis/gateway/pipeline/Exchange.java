package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.LargeBodies;
import dev.aurelis.identity.Caller;
import dev.aurelis.privacy.ExchangeScreen;
import dev.aurelis.privacy.PrivacyDecision;
import dev.aurelis.routing.Attempt;
import dev.aurelis.routing.Attempts;
import dev.aurelis.routing.DetectedTask;
import dev.aurelis.routing.ModelVariant;
import dev.aurelis.tenancy.Project;

/**
 * How far one exchange got through the pipeline: each step adds what it learnt, once, in pipeline order (caller,
 * model, task, attempts, then one {@link AttemptRun} per attempt). Whenever the exchange ends, its ledger
 * record, metrics and error answer are made from what is here.
 */
final class Exchange {

    private final Arrival arrival;
    private final ExchangeTrace trace;
    private Admission.Ticket ticket;
    private Caller caller;
    private String model;
    private boolean streamed;
    private DetectedTask task;
    private boolean onPremiseOnly;
    private ExchangeScreen privacyScreen;
    private PrivacyDecision privacy;
    private String localModel;
    private Attempts attempts;
    private AttemptRun attempt;
    private boolean recordedBeforeAnyAttempt;
    private Project billedProject;
    private WorkspaceStep.WorkspaceUse workspace;
    private ModelVariant variant;
    private LargeBodies.Permit bodyPermit = LargeBodies.Permit.NONE;

    Exchange(Arrival arrival, ExchangeTrace trace) {
        this.arrival = arrival;
        this.trace = trace;
        this.onPremiseOnly = arrival.onPremiseOnly();
    }

    Arrival arrival() {
        return arrival;
    }

    /** The exchange's trace; {@link ExchangeTrace#OFF} when tracing is off. */
    ExchangeTrace trace() {
        return trace;
    }

    String requestId() {
        return arrival.requestId();
    }

    // ------------------------------------------------------------------ steps, in pipeline order

    void admitted(Admission.Ticket admitted) {
        ticket = once(ticket, admitted);
    }

    /** Holds one of the gateway's places for preparing an exchange (see {@link Admission}), or refuses. */
    void prepare() {
        ticket.prepare();
    }

    /** Preparing is over: the exchange goes to the provider. */
    void prepared() {
        if (ticket != null) {
            ticket.prepared();
        }
    }

    /** The request's body holds {@code permit} of the gateway's body budget. */
    void holdsBody(LargeBodies.Permit permit) {
        bodyPermit = permit;
    }

    /**
     * The client has the start of the answer of {@code run}, so no other attempt will be made (ADR 0083): the parsed
     * request goes (unless {@code keepRequest}, for the content log), and with it most of the body's share of the budget.
     */
    void answerStarted(AttemptRun run, boolean keepRequest) {
        run.answerStarted(keepRequest);
        bodyPermit.answerStarted();
    }

    /** The exchange is over: its places are free. */
    void leave() {
        if (ticket != null) {
            ticket.close();
        }
    }

    void identified(Caller identified) {
        caller = once(caller, identified);
        trace.identified(identified);
    }

    void asked(String requested) {
        model = once(model, requested);
        trace.asked(requested);
    }

    void streams(boolean stream) {
        streamed = stream;
    }

    void classified(DetectedTask detected) {
        task = once(task, detected);
    }

    /** The privacy step keeps the exchange away from providers that are not on premise. */
    void restrictToOnPremise() {
        onPremiseOnly = true;
    }

    /** The privacy step screened the request; the screen stays for the answer. */
    void screened(ExchangeScreen screen, PrivacyDecision decision) {
        privacyScreen = once(privacyScreen, screen);
        privacy = decision;
    }

    /** The privacy step has the exchange served by a local-processing model instead of the one asked for. */
    void servedLocally(String model) {
        localModel = once(localModel, model);
    }

    /** The request named a workspace its caller is a member of ({@link WorkspaceStep}). */
    void joined(WorkspaceStep.WorkspaceUse use) {
        workspace = once(workspace, use);
    }

    /** The request named a model variant of its caller's organisation ({@link VariantStep}). */
    void varied(ModelVariant named) {
        variant = once(variant, named);
    }

    void routed(Attempts planned) {
        attempts = once(attempts, planned);
    }

    /** Starts the next attempt: its deployment, with usage counted afresh (each attempt is charged for its own). */
    AttemptRun begin(Attempt next) {
        attempt = new AttemptRun(next);
        return attempt;
    }

    // ------------------------------------------------------------------ what the steps learnt

    /** The caller, or null before identification succeeded. */
    Caller caller() {
        return caller;
    }

    /** The model the client asked for, or null before the request was parsed. */
    String model() {
        return model;
    }

    boolean streamed() {
        return streamed;
    }

    /** The task, or null before it was detected. */
    DetectedTask task() {
        return task;
    }

    boolean onPremiseOnly() {
        return onPremiseOnly;
    }

    /**
     * The model routing plans for: a local-processing model the privacy step chose, else the workspace's default
     * model for the auto model, else the base model of the variant asked for, else the one asked for.
     */
    String routedModel() {
        return localModel != null ? localModel
                : workspace != null && workspace.defaultModel() != null ? workspace.defaultModel()
                : variant != null ? variant.baseModel() : model;
    }

    /** The model variant the request named, or null. */
    ModelVariant variant() {
        return variant;
    }

    /** The workspace the request named, or null. */
    WorkspaceStep.WorkspaceUse workspace() {
        return workspace;
    }

    /** What the privacy step decided, for the ledger ({@link PrivacyDecision#note()}), or null when it did not screen. */
    PrivacyDecision privacy() {
        return privacy;
    }

    /** The screen answers go through, or null when the exchange's answers are not screened. */
    ExchangeScreen answerScreen() {
        return privacyScreen != null && privacyScreen.screensAnswers() ? privacyScreen : null;
    }

    /** The attempts along the route, or null before the exchange was routed. */
    Attempts attempts() {
        return attempts;
    }

    /** The attempt under way (or the last one), or null before the first. */
    AttemptRun attempt() {
        return attempt;
    }

    /**
     * The caller's key's project, else the one the client names in {@code x-aurelis-project}, else the project of the
     * workspace the request names.
     */
    String project() {
        return caller.project() != null ? caller.project() : arrival.projectHeader() != null ? arrival.projectHeader()
                : workspace != null ? workspace.project() : null;
    }

    /** The client named a project its caller may bill ({@link ProjectBilling}). */
    void bills(Project project) {
        billedProject = once(billedProject, project);
    }

    /** The cost center the exchange is charged to: the named project's, else the caller's. */
    String costCenter() {
        return billedProject != null && billedProject.costCenter() != null ? billedProject.costCenter()
                : caller.costCenter();
    }

    /**
     * Claims the ledger record of the current attempt (of the exchange, before any attempt): true the first time
     * only, so every attempt is recorded exactly once.
     */
    boolean claimRecord() {
        if (attempt != null) {
            return attempt.claimRecord();
        }
        boolean first = !recordedBeforeAnyAttempt;
        recordedBeforeAnyAttempt = true;
        return first;
    }

    private static <T> T once(T current, T next) {
        if (current != null) {
            throw new IllegalStateException("Each pipeline step records its finding once");
        }
        return next;
    }
}
