package dev.bascule.core.os;

import dev.bascule.core.format.FormatText;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the JVM would otherwise read from the file system on first use, read before
 * {@code chroot} hides it (HAProxy likewise seeds its random generator and opens its log and pid
 * files first). The JDK's classes come from {@code lib/modules}, which stays open; the rest:
 * <ul>
 * <li>every jar of the class path and of the plugins: a class loader opens a jar when a lookup
 *     first reaches it, and keeps it open, so a lookup of a name no jar has opens them all;</li>
 * <li>the time zone of log dates ({@code /etc/localtime}, {@code lib/tzdb.dat});</li>
 * <li>{@code /dev/random} and {@code /dev/urandom}, which {@link SecureRandom} keeps open;</li>
 * <li>the security configuration, the cryptography policy and the CA certificates TLS reads
 *     ({@code lib/security});</li>
 * <li>the native library of the extended socket options ({@code libextnet.so});</li>
 * <li>the host name of log lines ({@code %H}, which needs {@code /etc/hosts}).</li>
 * </ul>
 */
final class ChrootPreload {
    /** A resource no jar has: looking it up walks, and so opens, every jar of a loader. */
    private static final String ABSENT = "dev/bascule/core/os/absent-resource-opens-every-jar";

    private ChrootPreload() {
    }

    static void run(List<ClassLoader> loaders) {
        for (ClassLoader loader : loaders) {
            try {
                Collections.list(loader.getResources(ABSENT));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the jars of " + loader + ": " + e, e);
            }
        }
        TimeZone.getDefault();
        ZoneId.systemDefault().getRules();
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS Z", Locale.ENGLISH).format(ZonedDateTime.now());
        new SecureRandom().nextBytes(new byte[16]);
        try {
            Cipher.getInstance("AES/GCM/NoPadding");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init((KeyStore) null);
            SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise the JDK's cryptography: " + e, e);
        }
        initialise(FormatText.class.getName(), FormatText.class.getClassLoader());
        initialise("jdk.net.ExtendedSocketOptions", ClassLoader.getSystemClassLoader());
    }

    /** Runs a class's static initialiser now; a class the runtime lacks is left out. */
    private static void initialise(String name, ClassLoader loader) {
        try {
            Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            // a runtime without it (jdk.net is optional): nothing to read
        }
    }
}
