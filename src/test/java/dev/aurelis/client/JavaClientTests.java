package dev.aurelis.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.testing.AccessTestBase;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Java client against the real server over HTTP: every part it offers, answers read into its records, and the
 * server's error JSON (status, type, message) carried by {@link AurelisApiException}.
 */
class JavaClientTests extends AccessTestBase {

    private AurelisClient admin() {
        return client(ADMIN_KEY);
    }

    private AurelisClient client(String key) {
        return AurelisClient.builder(baseUrl(), key).timeout(Duration.ofSeconds(20)).build();
    }

    private static String email(String prefix) {
        return unique(prefix) + "@example.com";
    }

    @Test
    void keysAreIssuedListedRotatedAndRevoked() {
        String owner = email("sdk-key");
        Keys.ApiKey issued = admin().keys().create(Keys.NewKey.forUser(owner).withTeam("platform").withName("laptop")
                .expiringIn("30d"));
        assertThat(issued.key()).isNotBlank();
        assertThat(issued.user()).isEqualTo(owner);
        assertThat(issued.team()).isEqualTo("platform");
        assertThat(issued.status()).isEqualTo("active");
        assertThat(issued.expiresAt()).isNotNull();

        List<Keys.ApiKey> listed = admin().keys().list(owner, null, false);
        assertThat(listed).extracting(Keys.ApiKey::id).containsExactly(issued.id());
        assertThat(listed.getFirst().key()).as("the secret is shown once").isNull();

        Keys.ApiKey rotated = admin().keys().rotate(issued.id(), "0s");
        assertThat(rotated.id()).isNotEqualTo(issued.id());
        assertThat(rotated.key()).isNotBlank().isNotEqualTo(issued.key());
        assertThat(admin().keys().get(issued.id()).replacedBy()).isEqualTo(rotated.id());

        admin().keys().revoke(rotated.id());
        assertThat(admin().keys().get(rotated.id()).status()).isEqualTo("revoked");
        assertThat(admin().keys().list(owner, null, false)).extracting(Keys.ApiKey::id).doesNotContain(rotated.id());
        assertThat(admin().keys().list(owner, null, true)).extracting(Keys.ApiKey::id).contains(rotated.id());
    }

    @Test
    void theServersErrorJsonArrivesAsAnApiException() {
        assertThatThrownBy(() -> admin().keys().create(Keys.NewKey.forUser("not-an-address")))
                .isInstanceOfSatisfying(AurelisApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.apiMessage()).contains("must be an e-mail address");
                    assertThat(e.body()).contains("\"error\"");
                });
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> admin().keys().get(unknown)).isInstanceOfSatisfying(AurelisApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.type()).isEqualTo("not_found_error");
            assertThat(e.apiMessage()).contains(unknown.toString());
        });
        String developer = newKey("{\"user\":\"" + email("sdk-dev") + "\",\"team\":\"platform\"}");
        assertThatThrownBy(() -> client(developer).budgets().save(Budgets.NewBudget.of("organization", null, "monthly",
                new BigDecimal("10")))).isInstanceOfSatisfying(AurelisApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.type()).isEqualTo("permission_error");
                });
        assertThatThrownBy(() -> client("aur-not-a-key").keys().list()).isInstanceOfSatisfying(
                AurelisApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aServerThatDoesNotAnswerIsATransportFailureNotAnApiError() {
        AurelisClient nowhere = AurelisClient.builder("http://127.0.0.1:9", ADMIN_KEY).build();
        assertThatThrownBy(() -> nowhere.keys().list()).isExactlyInstanceOf(AurelisException.class)
                .hasMessageContaining("GET /api/v1/keys failed");
        assertThatThrownBy(() -> AurelisClient.builder("localhost:8080", ADMIN_KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
    }

    @Test
    void usageReportsAGatewayRequestAndAnalyticsCountIt() {
        String user = email("sdk-usage");
        String key = newKey("{\"user\":\"" + user + "\",\"team\":\"platform\"}");
        HttpResponse<String> chat = openAi("/v1/chat/completions", key, CHAT);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        String requestId = chat.headers().firstValue("x-aurelis-request-id").orElseThrow();

        Usage.UsageReport report = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> admin().usage().query(Usage.UsageQuery.all().ofRequest(requestId)),
                r -> r.records().size() == 1);
        Usage.Entry entry = report.records().getFirst();
        assertThat(entry.user()).isEqualTo(user);
        assertThat(entry.team()).isEqualTo("platform");
        assertThat(entry.modelRequested()).isEqualTo("gpt-4o-mini");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.inputTokens()).isPositive();
        assertThat(report.totals().requests()).isEqualTo(1);

        Usage.UsageReport grouped = admin().usage().query(Usage.UsageQuery.all().ofUser(user).groupedBy("model"));
        assertThat(grouped.groups()).singleElement().satisfies(g -> {
            assertThat(g.key()).containsEntry("model", "gpt-4o-mini");
            assertThat(g.totals().requests()).isEqualTo(1);
        });

        Analytics.UsageMetrics metrics = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> admin().analytics().usage(Analytics.Filter.lastThirtyDays().ofUser(user)), m -> m.requests() == 1);
        assertThat(metrics.uniqueUsers()).isEqualTo(1);
        assertThat(metrics.tokens().input()).isEqualTo(entry.inputTokens());
        assertThat(metrics.models()).extracting(Analytics.ModelShare::model).containsExactly("gpt-4o-mini");
        assertThat(admin().analytics().csv(Analytics.Report.USAGE, Analytics.Filter.lastThirtyDays().ofUser(user)))
                .contains("requests");
    }

    @Test
    void everyAnalyticsReportReads() {
        Analytics analytics = admin().analytics();
        Analytics.Filter month = Analytics.Filter.lastThirtyDays();
        assertThat(analytics.performance(month).from()).isNotNull();
        assertThat(analytics.adoption(month).seats()).isPositive();
        assertThat(analytics.teams(month).teams()).isNotNull();
        assertThat(analytics.executiveReport(month).roi()).isNotNull();
        assertThat(analytics.trends(4, null).weeks()).hasSize(4);
        assertThat(analytics.forecast(null).monthEnd()).isNotNull();
        assertThat(analytics.codeQuality(null, null, null).totals()).isNotNull();
        assertThat(analytics.customMetrics().metrics()).isNotNull();

        Analytics.DeclaredAssumptions declared = analytics.declareRoiAssumptions(
                Analytics.RoiAssumptions.none().withLoadedHourlyCost(new BigDecimal("80")));
        assertThat(declared.declared()).isTrue();
        assertThat(analytics.roiAssumptions().assumptions().loadedHourlyCost()).isEqualByComparingTo("80");

        Analytics.Embed embed = analytics.embed(new Analytics.NewEmbed("requests", 14, null, "1h"));
        assertThat(embed.url()).startsWith("/embed/analytics/");
        assertThat(embed.expiresAt()).isNotNull();
    }

    @Test
    void budgetsAreSavedReadAndDeletedAndTheCostReportReads() {
        String user = email("sdk-budget");
        newKey("{\"user\":\"" + user + "\",\"team\":\"platform\"}");
        Budgets.Budget saved = admin().budgets().save(Budgets.NewBudget.of("user", user, "monthly", new BigDecimal("500"))
                .withThresholds(new BigDecimal("0.5"), new BigDecimal("0.9")));
        assertThat(saved.id()).isNotNull();
        assertThat(saved.scope()).isEqualTo("user");
        assertThat(saved.subject()).isEqualTo(user);
        assertThat(saved.limit()).isEqualByComparingTo("500");
        assertThat(saved.thresholds().stream().map(BigDecimal::doubleValue).toList()).contains(0.5, 0.9);
        assertThat(saved.current().period()).isNotBlank();

        assertThat(admin().budgets().list().budgets()).extracting(Budgets.Budget::id).contains(saved.id());
        assertThat(admin().budgets().get(saved.id()).description()).isNotBlank();
        assertThat(admin().budgets().events("7d", 10)).isNotNull();
        admin().budgets().delete(saved.id());
        assertThatThrownBy(() -> admin().budgets().get(saved.id())).isInstanceOfSatisfying(AurelisApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));

        Reports.CostReport cost = admin().reports().cost(null, "team");
        assertThat(cost.breakdown()).isEqualTo("team");
        assertThat(cost.period()).matches("\\d{4}-\\d{2}");
        assertThat(cost.totals()).isNotNull();
        assertThat(admin().reports().costCsv(null, "team")).isNotBlank();
    }

    @Test
    void workspacesAreMadeAndMembersShareContextAsTheBriefShows() {
        String owner = email("sdk-owner");
        String ownerKey = newKey("{\"user\":\"" + owner + "\",\"team\":\"platform\"}");
        String outsiderKey = newKey("{\"user\":\"" + email("sdk-outsider") + "\",\"team\":\"platform\"}");
        String name = unique("sdk-ws");

        Workspaces.Workspace made = admin().workspaces().create(Workspaces.WorkspaceRequest.named(name)
                .withDescription("SDK team").withPermission("chat", "read_write").withPermission("github", "read_write")
                .withSettings(new Workspaces.Settings(null, "gpt-4o-mini", null, true, 800))
                .withMember(owner, "owner"));
        assertThat(made.name()).isEqualTo(name);
        assertThat(made.permissions()).containsEntry("chat", "read_write");
        assertThat(made.settings().codeReviewRequired()).isTrue();
        assertThat(made.settings().contextTokens()).isEqualTo(800);
        assertThat(made.members()).extracting(Workspaces.Member::member, Workspaces.Member::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(owner, "owner"));

        Map<String, Object> context = Map.of("repository", "cortex-os/cortex-os", "branch", "feature/new-ui",
                "recent_commits", List.of("abc123", "def456"), "open_prs", List.of(123, 124),
                "notes", "Working on the new dashboard component");
        Workspaces.Shared shared = client(ownerKey).workspaces().shareContext(name, context);
        assertThat(shared.shared()).extracting(Workspaces.ContextItem::kind)
                .containsExactlyInAnyOrder("repository", "branch", "recent_commits", "open_prs", "notes");

        Workspaces.Context seen = client(ownerKey).workspaces().context(name);
        assertThat(seen.role()).isEqualTo("owner");
        assertThat(seen.access()).containsEntry("github", "read_write");
        assertThat(seen.items()).filteredOn(i -> i.kind().equals("recent_commits")).singleElement()
                .satisfies(i -> assertThat(i.content()).contains("abc123").contains("def456"));

        Map<String, Object> removal = new HashMap<>();
        removal.put("notes", null);
        client(ownerKey).workspaces().shareContext(name, removal);
        Workspaces.History history = client(ownerKey).workspaces().history(name, "notes", null, 10);
        assertThat(history.versions()).extracting(Workspaces.ContextItem::version).containsExactly(2, 1);
        assertThat(history.versions().getFirst().removed()).isTrue();
        assertThat(history.versions().getLast().sharedBy()).isEqualTo(owner);

        assertThatThrownBy(() -> client(outsiderKey).workspaces().context(name))
                .isInstanceOfSatisfying(AurelisApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.apiMessage()).contains("not a member of workspace");
                });

        String member = email("sdk-member");
        assertThat(admin().workspaces().putMember(name, member, "viewer").members())
                .extracting(Workspaces.Member::member).contains(member);
        admin().workspaces().removeMember(name, member);
        assertThat(admin().workspaces().get(name).members()).extracting(Workspaces.Member::member).doesNotContain(member);

        Workspaces.Workspace changed = admin().workspaces().update(name, Workspaces.WorkspaceRequest.change()
                .withDescription("Renamed team space"));
        assertThat(changed.description()).isEqualTo("Renamed team space");
        assertThat(changed.settings().defaultModel()).as("left as it was").isEqualTo("gpt-4o-mini");

        assertThat(admin().workspaces().list()).extracting(Workspaces.Workspace::name).contains(name);
        assertThat(admin().workspaces().archive(name).archived()).isTrue();
        assertThat(admin().workspaces().list()).extracting(Workspaces.Workspace::name).doesNotContain(name);
        assertThat(admin().workspaces().list(true)).extracting(Workspaces.Workspace::name).contains(name);
    }

    @Test
    void twoClientsShareASessionLiveAndAStalePushIsATypedConflict() {
        String owner = email("sdk-collab-owner");
        String member = email("sdk-collab-member");
        String outsider = email("sdk-collab-outsider");
        AurelisClient ownerClient = client(newKey("{\"user\":\"" + owner + "\",\"team\":\"platform\"}"));
        AurelisClient memberClient = client(newKey("{\"user\":\"" + member + "\",\"team\":\"platform\"}"));
        AurelisClient outsiderClient = client(newKey("{\"user\":\"" + outsider + "\",\"team\":\"platform\"}"));
        String ws = unique("sdk-collab");
        admin().workspaces().create(Workspaces.WorkspaceRequest.named(ws).withPermission("chat", "read_write")
                .withMember(owner, "owner").withMember(member, "member"));

        Collaboration.Session session = ownerClient.collaboration().createSession(ws, "Pairing", List.of(member));
        assertThat(session.workspace()).isEqualTo(ws);
        assertThat(session.createdBy()).isEqualTo(owner);
        assertThat(memberClient.collaboration().join(ws, session.id()).participants())
                .extracting(Collaboration.Participant::email).contains(owner, member);

        List<Collaboration.Event> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        Collaboration.LiveSession live = memberClient.collaboration().connect(ws, session.id(), 0,
                new Collaboration.Listener() {
                    @Override
                    public void onEvent(Collaboration.Event event) {
                        received.add(event);
                    }

                    @Override
                    public void onClosed(int statusCode, String reason) {
                        closed.complete(statusCode);
                    }
                });
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> ownerClient.collaboration().presence(ws, session.id()).connected().contains(member));

        Collaboration.Change first = ownerClient.collaboration().pushChanges(ws, session.id(), "src/App.java",
                "class App {}", 0);
        assertThat(first.version()).isEqualTo(1);
        Collaboration.Change second = ownerClient.collaboration().pushChanges(ws, session.id(), "src/App.java",
                "class App { int x; }", 1);
        assertThat(second.sequence()).isGreaterThan(first.sequence());

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> received.stream()
                .filter(e -> e.type().equals("change")).count() == 2);
        List<Collaboration.Event> changes = received.stream().filter(e -> e.type().equals("change")).toList();
        assertThat(changes).extracting(Collaboration.Event::sequence)
                .containsExactly(first.sequence(), second.sequence());
        assertThat(changes.getLast().actor()).isEqualTo(owner);
        assertThat(changes.getLast().filePath()).isEqualTo("src/App.java");
        assertThat(changes.getLast().version()).isEqualTo(2);
        assertThat(changes.getLast().content()).isEqualTo("class App { int x; }");
        assertThat(received.stream().filter(e -> !e.isPresence()).map(Collaboration.Event::sequence).toList())
                .as("session events arrive in order").isSorted();

        assertThatThrownBy(() -> memberClient.collaboration().pushChanges(ws, session.id(), "src/App.java",
                "class App { int y; }", 1)).isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.type()).isEqualTo("conflict_error");
                    assertThat(e.currentVersion()).isEqualTo(2);
                    assertThat(e.currentContent()).isEqualTo("class App { int x; }");
                    assertThat(e.currentAuthor()).isEqualTo(owner);
                });

        Collaboration.Events polled = memberClient.collaboration().events(ws, session.id(), first.sequence());
        assertThat(polled.events()).extracting(Collaboration.Event::sequence).first().isEqualTo(second.sequence());
        assertThat(memberClient.collaboration().files(ws, session.id())).singleElement()
                .satisfies(f -> assertThat(f.version()).isEqualTo(2));
        assertThat(memberClient.collaboration().pushChanges(ws, session.id(), "src/App.java", "class App { int x, y; }",
                null).version()).as("without a base version, on the current one").isEqualTo(3);

        assertThatThrownBy(() -> outsiderClient.collaboration().connect(ws, session.id(), 0, event -> { }))
                .isInstanceOfSatisfying(AurelisApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> outsiderClient.collaboration().get(ws, session.id()))
                .isInstanceOfSatisfying(AurelisApiException.class, e -> assertThat(e.status()).isEqualTo(403));

        assertThat(ownerClient.collaboration().end(ws, session.id()).endedAt()).isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(closed::isDone);
        assertThat(received).extracting(Collaboration.Event::type).contains("ended");
        live.close();
        assertThat(ownerClient.collaboration().list(ws, true)).extracting(Collaboration.Session::id)
                .contains(session.id());
    }
}
