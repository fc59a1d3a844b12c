package dev.bascule.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.UserlistConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

/** HAProxy's check_user() over crypt(3) hashes made by this machine's openssl and glibc. */
final class CryptUserlistTest {
    private static final SourceLocation AT = new SourceLocation("auth.cfg", 1);

    private static UserlistConfig.User user(String name, String password, boolean insecure, String... groups) {
        return new UserlistConfig.User(name, password, insecure, List.of(groups), AT);
    }

    // `openssl passwd -6 -salt saltsalt secret`, `-1 -salt abc`, `-5 -salt abc`; DES from glibc's crypt("secret", "ab")
    private static final UserlistConfig LIST = new UserlistConfig("L1", List.of(
            user("sha512", "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq"
                    + ".H91p5hVO1", false, "G2", "G1"),
            user("md5", "$1$abc$iCQ2D3nhptRYi27fDYv2s1", false),
            user("sha256", "$5$abc$qsg6EHbUzHQzF1POlD7zUwBINSELQxypPaeDcZe6vH0", false),
            user("des", "abNANd1rDfiNc", false),
            user("scott", "elgato", true, "G1"),
            user("nopass", "", false)), List.of("G1", "G2"), AT);

    @Test
    void hashesAreCheckedAsCryptChecksThem() {
        CryptUserlist userlist = CryptUserlist.of(LIST);
        for (String name : List.of("sha512", "md5", "sha256", "des")) {
            assertThat(userlist.check(name, "secret")).as(name).isTrue();
            assertThat(userlist.check(name, "secreT")).as(name).isFalse();
            assertThat(userlist.check(name, "")).as(name).isFalse();
        }
    }

    @Test
    void insecurePasswordsAreComparedAsTheyAreAndUnknownUsersFail() {
        CryptUserlist userlist = CryptUserlist.of(LIST);
        assertThat(userlist.check("scott", "elgato")).isTrue();
        assertThat(userlist.check("scott", "Elgato")).isFalse();
        assertThat(userlist.check("Scott", "elgato")).isFalse();
        assertThat(userlist.check("nobody", "elgato")).isFalse();
        // HAProxy 2.6.12 crashes on a user without password; Bascule never lets it in
        assertThat(userlist.check("nopass", "")).isFalse();
        assertThat(userlist.groups("sha512")).containsExactly("G2", "G1");
        assertThat(userlist.groups("nobody")).isEmpty();
    }

    @Test
    void hashesCryptCannotReadAreRefusedUpFront() {
        for (String hash : List.of("$y$j9T$abc$def", "$2b$05$abcdefghijklmnopqrstuu", "_J9..abcd", "$9$abc", "x")) {
            assertThat(CryptUserlist.unsupported(user("u", hash, false))).as(hash).isPresent();
        }
        assertThat(CryptUserlist.unsupported(user("u", "$y$j9T$abc$def", false)).orElseThrow())
                .startsWith("the encrypted password used for user 'u' is not supported by Bascule's crypt(3)");
        assertThat(CryptUserlist.unsupported(user("u", "$y$anything", true))).isEmpty();
        assertThatThrownBy(() -> CryptUserlist.of(new UserlistConfig("L", List.of(user("u", "$y$x", false)),
                List.of(), AT))).isInstanceOf(IllegalArgumentException.class);
    }
}
