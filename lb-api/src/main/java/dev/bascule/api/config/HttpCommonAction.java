package dev.bascule.api.config;

/** An action that {@code http-request} and {@code http-response} rules both have. */
public sealed interface HttpCommonAction extends HttpRequestAction, HttpResponseAction
        permits CaptureSample {
}
