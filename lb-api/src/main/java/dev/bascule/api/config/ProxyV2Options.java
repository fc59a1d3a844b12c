package dev.bascule.api.config;

/**
 * The TLVs of a version 2 PROXY header beyond the addresses ({@code proxy-v2-options},
 * {@code send-proxy-v2-ssl}, {@code send-proxy-v2-ssl-cn}), as HAProxy 2.6's
 * {@code make_proxy_line_v2()} writes them. The client connection's ALPN goes in every v2 header
 * without an option.
 *
 * @param crc32c    {@code crc32c}: a checksum of the whole header
 * @param authority {@code authority}: the authority the client's own PROXY header carried, else the
 *                  SNI of its TLS connection
 * @param uniqueId  {@code unique-id}: the stream's unique ID ({@code unique-id-format}); such a
 *                  connection serves one stream only
 * @param ssl       {@code ssl}: whether the client connection is TLS, its version and certificate use
 * @param sslCn     {@code cert-cn}: with {@code ssl}, the client certificate's common name
 * @param certKey   {@code cert-key}: with {@code ssl}, the algorithm of the certificate's key
 * @param certSig   {@code cert-sig}: with {@code ssl}, its signature algorithm
 * @param sslCipher {@code ssl-cipher}: with {@code ssl}, the connection's cipher
 */
public record ProxyV2Options(boolean crc32c, boolean authority, boolean uniqueId, boolean ssl, boolean sslCn,
                             boolean certKey, boolean certSig, boolean sslCipher) {
    /** No option: the addresses, and the ALPN. */
    public static final ProxyV2Options NONE = new ProxyV2Options(false, false, false, false, false, false, false,
            false);
}
