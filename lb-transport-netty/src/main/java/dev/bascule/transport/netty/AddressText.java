package dev.bascule.transport.netty;

import dev.bascule.api.sample.Sample;

import java.net.InetAddress;

/** Addresses written as HAProxy writes them ({@code inet_ntop()}). */
public final class AddressText {
    private AddressText() {
    }

    /**
     * Dotted IPv4, or IPv6 with the longest run of zero groups (two or more) compressed to "::"
     * ({@link dev.bascule.api.sample.Sample#appendAddress}).
     */
    public static String text(InetAddress address) {
        return Sample.appendAddress(new StringBuilder(39), address).toString();
    }
}
