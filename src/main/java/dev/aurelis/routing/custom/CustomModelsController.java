package dev.aurelis.routing.custom;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.routing.ModelVariant;
import dev.aurelis.routing.OrganizationModel;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/models/organization} (the organisation's own models) and {@code /api/v1/models/variants} (named
 * variants of models): read with {@code config:read}, changed with {@code config:write}, as the authorization matrix
 * says. Each family answers 404 naming its {@code advanced_features} key while that key is off.
 */
@RestController
class CustomModelsController {

    record ModelList(List<OrganizationModel> models) {
    }

    record VariantList(List<ModelVariant> variants) {
    }

    private static final String MODELS = "/api/v1/models/organization";
    private static final String VARIANTS = "/api/v1/models/variants";

    private final CustomModelAdmin admin;

    CustomModelsController(CustomModelAdmin admin) {
        this.admin = admin;
    }

    @GetMapping(MODELS)
    ModelList models() {
        return new ModelList(admin.models(AdminCallers.current().tenantId()));
    }

    @PostMapping(MODELS)
    ResponseEntity<OrganizationModel> register(@RequestBody CustomModelAdmin.ModelDraft draft) {
        Caller caller = AdminCallers.current();
        return ResponseEntity.status(HttpStatus.CREATED).body(admin.register(caller.tenantId(), draft, caller.email()));
    }

    @GetMapping(MODELS + "/{name}")
    OrganizationModel model(@PathVariable String name) {
        return admin.model(AdminCallers.current().tenantId(), name);
    }

    @PutMapping(MODELS + "/{name}")
    OrganizationModel update(@PathVariable String name, @RequestBody CustomModelAdmin.ModelDraft draft) {
        Caller caller = AdminCallers.current();
        return admin.update(caller.tenantId(), name, draft, caller.email());
    }

    @DeleteMapping(MODELS + "/{name}")
    ResponseEntity<Void> remove(@PathVariable String name) {
        Caller caller = AdminCallers.current();
        admin.remove(caller.tenantId(), name, caller.email());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(VARIANTS)
    VariantList variants() {
        return new VariantList(admin.variants(AdminCallers.current().tenantId()));
    }

    @PostMapping(VARIANTS)
    ResponseEntity<ModelVariant> create(@RequestBody CustomModelAdmin.VariantDraft draft) {
        Caller caller = AdminCallers.current();
        return ResponseEntity.status(HttpStatus.CREATED).body(admin.create(caller.tenantId(), draft, caller.email()));
    }

    @GetMapping(VARIANTS + "/{name}")
    ModelVariant variant(@PathVariable String name) {
        return admin.variant(AdminCallers.current().tenantId(), name);
    }

    @PutMapping(VARIANTS + "/{name}")
    ModelVariant updateVariant(@PathVariable String name, @RequestBody CustomModelAdmin.VariantDraft draft) {
        Caller caller = AdminCallers.current();
        return admin.update(caller.tenantId(), name, draft, caller.email());
    }

    @DeleteMapping(VARIANTS + "/{name}")
    ResponseEntity<Void> removeVariant(@PathVariable String name) {
        Caller caller = AdminCallers.current();
        admin.removeVariant(caller.tenantId(), name, caller.email());
        return ResponseEntity.noContent().build();
    }
}
