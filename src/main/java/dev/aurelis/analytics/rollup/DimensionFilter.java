package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.LedgerFilter;
import java.util.List;

/** A {@link LedgerFilter} over the dimension rows ({@code d}), meaning exactly what it means over the ledger. */
final class DimensionFilter {

    private DimensionFilter() {
    }

    static String sql(LedgerFilter filter, List<Object> params) {
        StringBuilder where = new StringBuilder();
        condition(where, params, "lower(d.user_email) = lower(?)", filter.user());
        condition(where, params, "d.team = ?", filter.team());
        condition(where, params, "d.department = ?", filter.department());
        condition(where, params, "d.cost_center = ?", filter.costCenter());
        condition(where, params, "d.project = ?", filter.project());
        if (LedgerFilter.given(filter.model())) {
            where.append(" and (d.model = ? or d.model_requested = ?)");
            params.add(filter.model());
            params.add(filter.model());
        }
        if (filter.reach() != null) {
            where.append(" and (d.department = any(?) or d.team = any(?) or d.user_id = ?)");
            params.add(filter.reach().departments().toArray(String[]::new));
            params.add(filter.reach().teams().toArray(String[]::new));
            params.add(filter.reach().user());
        }
        return where.toString();
    }

    private static void condition(StringBuilder where, List<Object> params, String condition, String value) {
        if (LedgerFilter.given(value)) {
            where.append(" and ").append(condition);
            params.add(value);
        }
    }
}
