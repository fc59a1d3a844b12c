package dev.bascule.api.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address and a prefix length ({@code 10.0.0.0/8}, {@code ::1/128}).
 *
 * @param address      the network address bytes (4 or 16), host bits cleared
 * @param prefixLength the number of leading bits that count
 */
public record IpNetwork(byte[] address, int prefixLength) {
    public IpNetwork {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address: " + address.length + " bytes (expected: 4 or 16)");
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength);
        }
        address = address.clone();
        for (int bit = prefixLength; bit < address.length * 8; bit++) {
            address[bit >> 3] &= (byte) ~(0x80 >> (bit & 7));
        }
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** Whether {@code candidate} is in this network (an IPv4 address never is in an IPv6 network, and back). */
    public boolean contains(InetAddress candidate) {
        byte[] bytes = candidate.getAddress();
        if (bytes.length != address.length) {
            return false;
        }
        int full = prefixLength >> 3;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != address[i]) {
                return false;
            }
        }
        int rest = prefixLength & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff00 >> rest) & 0xff;
        return (bytes[full] & mask) == (address[full] & 0xff);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpNetwork network && network.prefixLength == prefixLength
                && Arrays.equals(network.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
