package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HttpCommonAction;

/** An action of both directions and the index of the word after it; a null action after an alert. */
record CommonAction(HttpCommonAction action, int next) {
    static final CommonAction FAILED = new CommonAction(null, -1);
}
