package dev.bascule.config.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Suggestions checked against what HAProxy 2.6.12 prints for the same mistakes. */
final class DidYouMeanTest {
    @Test
    void identicalWordsAreAtDistanceZero() {
        assertThat(DidYouMean.distance(DidYouMean.fingerprint("timeout"), DidYouMean.fingerprint("timeout")))
                .isZero();
    }

    @Test
    void caseDoesNotMatter() {
        assertThat(DidYouMean.distance(DidYouMean.fingerprint("Bind"), DidYouMean.fingerprint("bind"))).isZero();
    }

    @Test
    void distanceCountsDifferentTransitions() {
        // "ab" = begin->a, a->b, b->end plus presence of a and b; "ac" differs in a->b/a->c,
        // b->end/c->end and the presence of b and c: 6
        assertThat(DidYouMean.distance(DidYouMean.fingerprint("ab"), DidYouMean.fingerprint("ac"))).isEqualTo(6);
    }

    @Test
    void suggestsHaproxyProxyKeywords() {
        assertThat(DidYouMean.bestMatch("tcp-reqest", HaproxyKeywords.PROXY_SUGGESTIONS)).contains("tcp-request");
        assertThat(DidYouMean.bestMatch("balanc", HaproxyKeywords.PROXY_SUGGESTIONS)).contains("balance");
        assertThat(DidYouMean.bestMatch("defult_backend", HaproxyKeywords.PROXY_SUGGESTIONS))
                .contains("default_backend");
        assertThat(DidYouMean.bestMatch("xyz", HaproxyKeywords.PROXY_SUGGESTIONS)).isEmpty();
    }

    @Test
    void suggestsHaproxyGlobalKeywords() {
        assertThat(DidYouMean.bestMatch("dameon", HaproxyKeywords.GLOBAL_SUGGESTIONS)).contains("daemon");
        assertThat(DidYouMean.bestMatch("tune.bufsiz", HaproxyKeywords.GLOBAL_SUGGESTIONS)).contains("tune.bufsize");
        assertThat(DidYouMean.bestMatch("zzz", HaproxyKeywords.GLOBAL_SUGGESTIONS)).isEmpty();
    }

    @Test
    void firstCandidateWinsATie() {
        assertThat(DidYouMean.bestMatch("abcd", List.of("abce", "abcf"))).contains("abce");
        assertThat(DidYouMean.bestMatch("abcd", List.of("abcf", "abce"))).contains("abcf");
    }

    @Test
    void tooDistantWordsAreNotSuggested() {
        assertThat(DidYouMean.bestMatch("a", List.of("abcdef"))).isEmpty();
        assertThat(DidYouMean.bestMatch("roundrobn", List.of("roundrobin", "leastconn"))).contains("roundrobin");
    }

    @Test
    void prefixActionsGetMoreTolerance() {
        assertThat(DidYouMean.bestMatch("st-var(txn.x)", HaproxyKeywords.HTTP_REQUEST_ACTION_NAMES,
                name -> HaproxyKeywords.HTTP_REQUEST_ACTIONS.contains(name + "(*)"))).contains("set-var");
        // "abc" -> "abcxyz" is at distance 8: more than twice, at most three times the length of "abc"
        assertThat(DidYouMean.bestMatch("abc", List.of("abcxyz"))).isEmpty();
        assertThat(DidYouMean.bestMatch("abc", List.of("abcxyz"), name -> true)).contains("abcxyz");
    }
}
