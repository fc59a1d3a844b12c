package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.SourceLocation;

import java.util.List;

/**
 * One line of the {@code global} section as a keyword parser sees it, with the checks HAProxy's
 * {@code cfg_parse_global()} shares between keywords.
 */
final class GlobalLine extends KeywordLine {
    final GlobalSection global;

    GlobalLine(List<String> args, SourceLocation location, GlobalSection global, Diagnostics diagnostics) {
        super(args, location, diagnostics);
        this.global = global;
    }
}
