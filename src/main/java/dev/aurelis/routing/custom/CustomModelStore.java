package dev.aurelis.routing.custom;

import dev.aurelis.routing.ModelVariant;
import dev.aurelis.routing.OrganizationModel;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An organisation's own models ({@code routing_organization_model}) and model variants ({@code routing_model_variant}),
 * each read and written as its tenant under row-level security. Both are named within their tenant.
 */
@Component
public class CustomModelStore {

    private static final String MODEL_COLUMNS = "name, provider, upstream_id, input_price, output_price, context_window, "
            + "teams, created_by, created_at, updated_at";
    private static final String VARIANT_COLUMNS = "name, base_model, system_prompt, temperature, max_tokens, top_p, "
            + "created_by, created_at, updated_at";

    private final JdbcClient jdbc;

    CustomModelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ organisation models

    public List<OrganizationModel> models(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + MODEL_COLUMNS
                        + " from routing_organization_model where tenant_id = ? order by name")
                .param(tenant.value()).query((rs, n) -> model(rs)).list());
    }

    public Optional<OrganizationModel> model(TenantId tenant, String name) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + MODEL_COLUMNS
                        + " from routing_organization_model where tenant_id = ? and name = ?")
                .params(tenant.value(), name).query((rs, n) -> model(rs)).optional());
    }

    public void insert(TenantId tenant, OrganizationModel m) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        insert into routing_organization_model (tenant_id, name, provider, upstream_id, input_price,
                            output_price, context_window, teams, created_by, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), m.name(), m.provider(), m.upstreamId(), m.inputPrice(), m.outputPrice(),
                        m.contextWindow(), m.teams().toArray(String[]::new), m.createdBy(),
                        Timestamp.from(m.createdAt()), Timestamp.from(m.updatedAt()))
                .update());
    }

    public void update(TenantId tenant, OrganizationModel m) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        update routing_organization_model set provider = ?, upstream_id = ?, input_price = ?,
                            output_price = ?, context_window = ?, teams = ?, updated_at = ?
                        where tenant_id = ? and name = ?""")
                .params(m.provider(), m.upstreamId(), m.inputPrice(), m.outputPrice(), m.contextWindow(),
                        m.teams().toArray(String[]::new), Timestamp.from(m.updatedAt()), tenant.value(), m.name())
                .update());
    }

    public boolean deleteModel(TenantId tenant, String name) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                        "delete from routing_organization_model where tenant_id = ? and name = ?")
                .params(tenant.value(), name).update() > 0);
    }

    // ------------------------------------------------------------------ variants

    public List<ModelVariant> variants(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + VARIANT_COLUMNS
                        + " from routing_model_variant where tenant_id = ? order by name")
                .param(tenant.value()).query((rs, n) -> variant(rs)).list());
    }

    public Optional<ModelVariant> variant(TenantId tenant, String name) {
        return TenantContext.call(tenant, () -> jdbc.sql("select " + VARIANT_COLUMNS
                        + " from routing_model_variant where tenant_id = ? and name = ?")
                .params(tenant.value(), name).query((rs, n) -> variant(rs)).optional());
    }

    public void insert(TenantId tenant, ModelVariant v) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        insert into routing_model_variant (tenant_id, name, base_model, system_prompt, temperature,
                            max_tokens, top_p, created_by, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), v.name(), v.baseModel(), v.systemPrompt(), v.temperature(), v.maxTokens(),
                        v.topP(), v.createdBy(), Timestamp.from(v.createdAt()), Timestamp.from(v.updatedAt()))
                .update());
    }

    public void update(TenantId tenant, ModelVariant v) {
        TenantContext.run(tenant, () -> jdbc.sql("""
                        update routing_model_variant set base_model = ?, system_prompt = ?, temperature = ?,
                            max_tokens = ?, top_p = ?, updated_at = ?
                        where tenant_id = ? and name = ?""")
                .params(v.baseModel(), v.systemPrompt(), v.temperature(), v.maxTokens(), v.topP(),
                        Timestamp.from(v.updatedAt()), tenant.value(), v.name())
                .update());
    }

    public boolean deleteVariant(TenantId tenant, String name) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                        "delete from routing_model_variant where tenant_id = ? and name = ?")
                .params(tenant.value(), name).update() > 0);
    }

    private static OrganizationModel model(ResultSet rs) throws SQLException {
        Array teams = rs.getArray("teams");
        return new OrganizationModel(rs.getString("name"), rs.getString("provider"), rs.getString("upstream_id"),
                plain(rs.getBigDecimal("input_price")), plain(rs.getBigDecimal("output_price")),
                rs.getObject("context_window", Integer.class),
                teams == null ? List.of() : Arrays.asList((String[]) teams.getArray()), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    /** A price without the column's trailing zeros, and never in exponent form ({@code 10}, not {@code 1E+1}). */
    private static java.math.BigDecimal plain(java.math.BigDecimal price) {
        java.math.BigDecimal stripped = price.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static ModelVariant variant(ResultSet rs) throws SQLException {
        return new ModelVariant(rs.getString("name"), rs.getString("base_model"), rs.getString("system_prompt"),
                rs.getObject("temperature", Double.class), rs.getObject("max_tokens", Integer.class),
                rs.getObject("top_p", Double.class), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
