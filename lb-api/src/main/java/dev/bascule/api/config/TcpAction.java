package dev.bascule.api.config;

/**
 * What a {@code tcp-request connection|session|content} or {@code tcp-response content} rule
 * does: a {@code track-sc} counter, or an action kept as written for its
 * {@link dev.bascule.api.action.ActionFactory} ({@code accept}, {@code reject}, {@code set-var}...).
 */
public sealed interface TcpAction permits TrackCounter, ActionCall {
}
