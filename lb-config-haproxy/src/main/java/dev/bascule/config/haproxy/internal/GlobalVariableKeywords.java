package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.GlobalConfig;

/**
 * {@code set-var} and {@code set-var-fmt} of the {@code global} section: process-wide variables
 * set at start, parsed as the rules' actions of the same name ({@link RuleActions#globalVariable}).
 */
final class GlobalVariableKeywords {
    private final RuleActions actions;

    GlobalVariableKeywords(RuleActions actions) {
        this.actions = actions;
    }

    void register(GlobalKeywordTable table) {
        table.register("set-var", this::parseSetVar);
        table.register("set-var-fmt", this::parseSetVar);
    }

    private void parseSetVar(GlobalLine line) {
        actions.globalVariable(line.args, line.location).ifPresent(
                variable -> line.global.variables.add(new GlobalConfig.Variable(variable, line.location)));
    }
}
