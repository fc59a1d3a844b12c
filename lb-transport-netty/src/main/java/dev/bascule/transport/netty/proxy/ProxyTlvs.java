package dev.bascule.transport.netty.proxy;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ProxyV2Options;
import dev.bascule.builtin.sample.OpenSslNames;
import dev.bascule.transport.netty.tls.TlsInfo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.zip.CRC32C;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The TLVs of a version 2 PROXY header, HAProxy 2.6's {@code make_proxy_line_v2()}: appended to a
 * header whose address block is written, its length field then set to cover them, and the CRC32C,
 * when asked for, computed over the whole header last.
 */
final class ProxyTlvs {
    private static final int PP2_TYPE_ALPN = 0x01;
    private static final int PP2_TYPE_AUTHORITY = 0x02;
    private static final int PP2_TYPE_CRC32C = 0x03;
    private static final int PP2_TYPE_UNIQUE_ID = 0x05;
    private static final int PP2_TYPE_SSL = 0x20;
    private static final int PP2_SUBTYPE_SSL_VERSION = 0x21;
    private static final int PP2_SUBTYPE_SSL_CN = 0x22;
    private static final int PP2_SUBTYPE_SSL_CIPHER = 0x23;
    private static final int PP2_SUBTYPE_SSL_SIG_ALG = 0x24;
    private static final int PP2_SUBTYPE_SSL_KEY_ALG = 0x25;
    private static final int PP2_CLIENT_SSL = 0x01;
    private static final int PP2_CLIENT_CERT_CONN = 0x02;
    private static final int PP2_CLIENT_CERT_SESS = 0x04;
    /** Where the header's length is: after the signature, the command and the family. */
    private static final int LENGTH_OFFSET = 14;
    private static final int HEADER_LENGTH = 16;

    private ProxyTlvs() {
    }

    /** Appends the TLVs to the v2 header in {@code out} (which starts at its reader index). */
    static void append(ByteBuf out, Channel client, ProxyV2Options options, @Nullable CharSequence uniqueId) {
        int start = out.readerIndex();
        int crc = -1;
        if (options.crc32c()) {
            crc = out.writerIndex() + 3;
            tlv(out, PP2_TYPE_CRC32C, new byte[4]);
        }
        String alpn = TlsInfo.alpn(client);
        if (alpn != null) {
            tlv(out, PP2_TYPE_ALPN, alpn);
        }
        if (options.authority()) {
            String authority = ProxiedAddresses.authority(client);
            if (authority == null) {
                authority = TlsInfo.serverName(client);
            }
            if (authority != null) {
                tlv(out, PP2_TYPE_AUTHORITY, authority);
            }
        }
        if (options.uniqueId()) {
            tlv(out, PP2_TYPE_UNIQUE_ID, uniqueId == null ? "" : uniqueId.toString());
        }
        if (options.ssl()) {
            ssl(out, client, options);
        }
        out.setShort(start + LENGTH_OFFSET, out.writerIndex() - start - HEADER_LENGTH);
        if (crc >= 0) {
            CRC32C checksum = new CRC32C();
            checksum.update(out.nioBuffer(start, out.writerIndex() - start));
            out.setInt(crc, (int) checksum.getValue());
        }
    }

    /** The {@code SSL} TLV: the client flags, the verification result, then its sub-TLVs. */
    private static void ssl(ByteBuf out, Channel client, ProxyV2Options options) {
        int tlv = out.writerIndex();
        out.writeByte(PP2_TYPE_SSL).writeShort(0).writeByte(0).writeInt(0);
        String protocol = TlsInfo.protocol(client);
        if (protocol != null) {
            int flags = PP2_CLIENT_SSL;
            tlv(out, PP2_SUBTYPE_SSL_VERSION, protocol);
            X509Certificate peer = TlsInfo.clientCertificate(client);
            if (peer != null) {
                flags |= PP2_CLIENT_CERT_SESS | PP2_CLIENT_CERT_CONN;
                out.setInt(tlv + 4, TlsInfo.verifyError(client, "ssl_c_verify"));
            }
            out.setByte(tlv + 3, flags);
            if (options.sslCn() && peer != null) {
                String cn = commonName(peer);
                if (cn != null) {
                    tlv(out, PP2_SUBTYPE_SSL_CN, cn);
                }
            }
            X509Certificate own = TlsInfo.frontendCertificate(client);
            if (options.certKey() && own != null) {
                String key = OpenSslNames.keyAlgorithmBits(own);
                if (key != null) {
                    tlv(out, PP2_SUBTYPE_SSL_KEY_ALG, key);
                }
            }
            if (options.certSig() && own != null) {
                tlv(out, PP2_SUBTYPE_SSL_SIG_ALG, OpenSslNames.signatureAlgorithm(own));
            }
            if (options.sslCipher()) {
                String cipher = TlsInfo.cipher(client);
                if (cipher != null) {
                    tlv(out, PP2_SUBTYPE_SSL_CIPHER, cipher);
                }
            }
        }
        out.setShort(tlv + 1, out.writerIndex() - tlv - 3);
    }

    /** The first common name of the subject, as {@code ssl_sock_get_dn_entry(name, "CN", 1)}. */
    private static @Nullable String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static void tlv(ByteBuf out, int type, String value) {
        tlv(out, type, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void tlv(ByteBuf out, int type, byte[] value) {
        out.writeByte(type).writeShort(value.length).writeBytes(value);
    }
}
