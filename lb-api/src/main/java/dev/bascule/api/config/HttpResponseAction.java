package dev.bascule.api.config;

/** What an {@code http-response} rule does. The set grows with the rules the loader supports. */
public sealed interface HttpResponseAction permits ActionCall {
}
