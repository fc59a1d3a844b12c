package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.transport.netty.AddressText;

import io.netty.handler.codec.http.HttpRequest;

import java.net.InetAddress;

/**
 * {@code option forwardfor} and {@code option originalto} on a request: one per client connection,
 * which keeps the client address's text from one request to the next.
 */
final class ForwardedHeaders {
    private String clientAddressText;
    private InetAddress clientAddressFor;

    /**
     * The headers HAProxy's {@code http_process_request()} adds for the server, the frontend's
     * and the backend's options together: {@code option forwardfor}, {@code option originalto},
     * then the frontend's {@code unique-id-header}.
     */
    void add(HttpRequest request, HttpRules frontendRules, HttpRules backendRules, HttpTrafficView view) {
        ForwardFor forwardFor = frontendRules.forwardFor();
        ForwardFor backendForwardFor = backendRules.forwardFor();
        if (forwardFor != null || backendForwardFor != null) {
            forwardFor(request, forwardFor, backendForwardFor, view.source().getAddress());
        }
        ForwardFor originalTo = frontendRules.originalTo();
        ForwardFor backendOriginalTo = backendRules.originalTo();
        if (originalTo != null || backendOriginalTo != null) {
            originalTo(request, originalTo, backendOriginalTo, view.destination().getAddress());
        }
        String uniqueIdHeader = frontendRules.uniqueIdHeader();
        if (uniqueIdHeader != null && view.uniqueId() != null) {
            request.headers().add(uniqueIdHeader, view.uniqueId());
        }
    }

    /**
     * {@code option forwardfor} of the frontend and the backend, added once as HAProxy does: the
     * backend's header name wins, {@code if-none} holds only when both say so, and a client in
     * either's {@code except} network gets no header.
     */
    void forwardFor(HttpRequest request, @Nullable ForwardFor frontendOption, @Nullable ForwardFor backendOption,
                    InetAddress client) {
        if (frontendOption == null && backendOption == null) {
            return;
        }
        String header = backendOption != null ? backendOption.header() : frontendOption.header();
        boolean always = frontendOption != null && !frontendOption.ifNone()
                || backendOption != null && !backendOption.ifNone();
        if (!always && request.headers().contains(header)) {
            return;
        }
        if (excepted(frontendOption, client) || excepted(backendOption, client)) {
            return;
        }
        if (clientAddressText == null || clientAddressFor != client) {
            // once per connection, unless set-src changed the address
            clientAddressText = AddressText.text(client);
            clientAddressFor = client;
        }
        request.headers().add(header, clientAddressText);
    }

    /**
     * {@code option originalto} of the frontend and the backend: the address the client connected
     * to (after {@code set-dst}), in the backend's header name, unless it is in either's except network.
     */
    static void originalTo(HttpRequest request, @Nullable ForwardFor frontendOption, @Nullable ForwardFor backendOption,
                           InetAddress destination) {
        if (frontendOption == null && backendOption == null) {
            return;
        }
        String header = backendOption != null ? backendOption.header() : frontendOption.header();
        if (excepted(frontendOption, destination) || excepted(backendOption, destination)) {
            return;
        }
        request.headers().add(header, AddressText.text(destination));
    }

    private static boolean excepted(ForwardFor option, InetAddress client) {
        return option != null && option.except().isPresent() && option.except().get().contains(client);
    }
}
