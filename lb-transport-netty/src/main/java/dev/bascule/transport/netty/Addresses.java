package dev.bascule.transport.netty;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Addresses written as HAProxy writes them ({@code inet_ntop()}). */
public final class Addresses {
    private Addresses() {
    }

    /** Dotted IPv4, or IPv6 with the longest run of zero groups (two or more) compressed to "::". */
    public static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        // IPv4-mapped and IPv4-compatible forms, as glibc writes them
        if (bestStart == 0 && (bestLength == 6 || bestLength == 5 && groups[5] == 0xffff)) {
            String prefix = bestLength == 5 ? "::ffff:" : "::";
            return prefix + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
                    + (bytes[15] & 0xff);
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
