package dev.bascule.core.stats;

import dev.bascule.api.config.StatsPage;

/**
 * The parts of the HTML statistics page that {@code stats admin} adds, in HAProxy's words: the
 * outcome of the last POST ({@code ;st=} in the URI, shown to every client as HAProxy does), and
 * per backend a form with a checkbox per server and the action select.
 */
final class StatsHtmlAdmin {
    private StatsHtmlAdmin() {
    }

    /** The options of HAProxy's action select, in its order. */
    private static final String ACTIONS = "<select name=action>"
            + "<option value=\"\"></option>"
            + "<option value=\"ready\">Set state to READY</option>"
            + "<option value=\"drain\">Set state to DRAIN</option>"
            + "<option value=\"maint\">Set state to MAINT</option>"
            + "<option value=\"dhlth\">Health: disable checks</option>"
            + "<option value=\"ehlth\">Health: enable checks</option>"
            + "<option value=\"hrunn\">Health: force UP</option>"
            + "<option value=\"hnolb\">Health: force NOLB</option>"
            + "<option value=\"hdown\">Health: force DOWN</option>"
            + "<option value=\"dagent\">Agent: disable checks</option>"
            + "<option value=\"eagent\">Agent: enable checks</option>"
            + "<option value=\"arunn\">Agent: force UP</option>"
            + "<option value=\"adown\">Agent: force DOWN</option>"
            + "<option value=\"shutdown\">Kill Sessions</option>"
            + "</select>";

    /**
     * HAProxy's {@code ;st=} parsing: the 4 letters after it name one of the status codes, anything
     * else is {@code UNKN}; null without {@code ;st=}.
     */
    static String status(String uri) {
        int at = uri.indexOf(";st=");
        if (at < 0) {
            return null;
        }
        String code = uri.substring(at + 4, Math.min(uri.length(), at + 8));
        for (StatsAdmin.Status status : StatsAdmin.Status.values()) {
            if (status.name().equals(code)) {
                return code;
            }
        }
        return "UNKN";
    }

    /** HAProxy's message for the status {@code code}, its [X] link back to the page without it. */
    static void message(StringBuilder out, String code, StatsPage page, StatsReport.Options options) {
        String css;
        String text;
        switch (code) {
            case "DONE" -> {
                css = "active_up";
                text = "Action processed successfully.";
            }
            case "NONE" -> {
                css = "active_going_down";
                text = "Nothing has changed.";
            }
            case "PART" -> {
                css = "active_going_down";
                text = "Action partially processed.<br>"
                        + "Some server names are probably unknown or ambiguous (duplicated names in the backend).";
            }
            case "ERRP" -> {
                css = "active_down";
                text = "Action not processed because of invalid parameters."
                        + "<ul>"
                        + "<li>The action is maybe unknown.</li>"
                        + "<li>Invalid key parameter (empty or too long).</li>"
                        + "<li>The backend name is probably unknown or ambiguous (duplicated names).</li>"
                        + "<li>Some server names are probably unknown or ambiguous (duplicated names in the backend).</li>"
                        + "</ul>";
            }
            case "EXCD" -> {
                css = "active_down";
                text = "<b>Action not processed : the buffer couldn't store all the data.<br>"
                        + "You should retry with less servers at a time.</b>";
            }
            case "DENY" -> {
                css = "active_down";
                text = "<b>Action denied.</b>";
            }
            default -> {
                css = "active_no_check";
                text = "Unexpected result.";
            }
        }
        out.append("<p><div class=").append(css).append("><a class=lfsb href=\"").append(page.uri())
                .append(options.hideDown() ? ";up" : "")
                .append(options.noRefresh() ? ";norefresh" : "")
                .append(options.scope().isEmpty() ? "" : ";scope=" + options.scope())
                .append("\" title=\"Remove this message\">[X]</a> ").append(text).append("</div>\n<p>\n");
    }

    /**
     * The heading cell of the checkbox column: for a backend, a checkbox that checks all of its
     * servers (one heading row in Bascule's table, where HAProxy's has two).
     */
    static void headingCell(StringBuilder out, String proxy, boolean servers) {
        if (servers) {
            out.append("<th width=1><input type=\"checkbox\" "
                    + "onclick=\"for(c in document.getElementsByClassName('").append(proxy).append("-checkbox')) "
                    + "document.getElementsByClassName('").append(proxy)
                    .append("-checkbox').item(c).checked = this.checked\"></th>");
        } else {
            out.append("<th></th>");
        }
    }

    /** A server's checkbox, or the empty cell of a frontend or backend row. */
    static void cell(StringBuilder out, String proxy, String server) {
        if (server == null) {
            out.append("<td></td>");
        } else {
            out.append("<td><input class='").append(proxy).append("-checkbox' type=\"checkbox\" name=\"s\" value=\"")
                    .append(server).append("\"></td>");
        }
    }

    /** After a backend's table: the action select, the backend as {@code #id}, the submit button. */
    static void formEnd(StringBuilder out, int id) {
        out.append("Choose the action to perform on the checked servers : ").append(ACTIONS)
                .append("<input type=\"hidden\" name=\"b\" value=\"#").append(id).append("\">")
                .append("&nbsp;<input type=\"submit\" value=\"Apply\">").append("</form>\n");
    }
}
