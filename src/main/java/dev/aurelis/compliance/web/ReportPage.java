package dev.aurelis.compliance.web;

import dev.aurelis.compliance.ComplianceReport;
import dev.aurelis.compliance.ControlResult;
import dev.aurelis.compliance.Evidence;
import org.springframework.web.util.HtmlUtils;

/** A report as a self-contained, printable HTML page: a summary, then each control with its status, reason and evidence. */
final class ReportPage {

    private ReportPage() {
    }

    static String html(ComplianceReport r) {
        StringBuilder h = new StringBuilder(8_192);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(e(r.frameworkTitle())).append(" evidence report ").append(e(r.period())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}")
                .append("td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}")
                .append(".pass{color:#186a3b;font-weight:bold}.fail{color:#a93226;font-weight:bold}")
                .append(".not_applicable{color:#666}@media print{a{color:inherit}}</style></head><body>");
        h.append("<h1>").append(e(r.frameworkTitle())).append(" — evidence report</h1>");
        h.append("<p>Organisation <b>").append(e(r.tenantId())).append("</b>, period <b>").append(e(r.period()))
                .append("</b> (").append(e(r.from().toString())).append(" to ").append(e(r.to().toString()))
                .append("), generated ").append(e(r.generatedAt().toString())).append(" from this deployment's ")
                .append("configuration and records.</p>");
        h.append("<p>").append(r.summary().pass()).append(" pass, ").append(r.summary().fail()).append(" fail, ")
                .append(r.summary().notApplicable()).append(" not applicable.</p>");
        h.append("<table><thead><tr><th>Control</th><th>Status</th><th>Why</th><th>Evidence</th></tr></thead><tbody>");
        for (ControlResult c : r.controls()) {
            h.append("<tr id=\"").append(e(c.id())).append("\"><td><b>").append(e(c.title())).append("</b><br><small>")
                    .append(e(c.id())).append(" · ").append(e(String.join(", ", c.references()))).append("</small></td>");
            h.append("<td class=\"").append(c.status().wire()).append("\">").append(c.status().wire().replace('_', ' '))
                    .append("</td><td>").append(e(c.reason())).append("</td><td><ul>");
            for (Evidence ev : c.evidence()) {
                h.append("<li>").append(e(ev.description()));
                if (ev.value() != null) {
                    h.append(": ").append(e(String.valueOf(ev.value())));
                }
                if (ev.href() != null) {
                    h.append(" (<a href=\"").append(e(ev.href())).append("\">").append(e(ev.href())).append("</a>)");
                }
                h.append("</li>");
            }
            h.append("</ul></td></tr>");
        }
        h.append("</tbody></table><p><small>Each status is computed when the page is made; the links show the live "
                + "records behind it. See docs/compliance.md for what each control proves and what it does not.</small></p>");
        return h.append("</body></html>").toString();
    }

    private static String e(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
