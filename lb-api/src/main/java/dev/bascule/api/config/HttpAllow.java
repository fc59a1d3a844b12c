package dev.bascule.api.config;

/** {@code http-request allow} / {@code http-response allow}: stop evaluating the rules of this list. */
public record HttpAllow() implements HttpCommonAction {
}
