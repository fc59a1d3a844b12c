package dev.bascule.api.action;

import dev.bascule.api.Nullable;

import java.util.List;
import java.util.function.Predicate;

/**
 * The head of the HTTP message a rule runs on, editable in place. Header names compare without
 * case. Valid during {@link Action#apply} only; reading allocates nothing. The message keeps the
 * sequences it is given as they are: pass immutable ones (a {@code String}), never a
 * {@link dev.bascule.api.sample.Sample}'s text or scratch buffer, which the next fetch reuses.
 */
public interface HttpHead {
    /** Whether this is the request (else the response). */
    boolean request();

    /** The number of header lines. */
    int headerCount();

    /** The name of line {@code index}, as received. */
    CharSequence headerName(int index);

    /** The value of line {@code index}. */
    CharSequence headerValue(int index);

    /** The value of the first line called {@code name}, or null when there is none. */
    @Nullable CharSequence header(CharSequence name);

    /** Appends a line ({@code add-header}). */
    void addHeader(CharSequence name, CharSequence value);

    /** Replaces every line called {@code name} by one ({@code set-header}). */
    void setHeader(CharSequence name, CharSequence value);

    /** Removes every line called {@code name}; returns whether there was one. */
    boolean removeHeader(CharSequence name);

    /**
     * Removes every line whose name {@code names} accepts ({@code del-header -m beg}); returns how
     * many names went.
     */
    int removeHeaders(Predicate<? super CharSequence> names);

    /** The values of the lines called {@code name}, in order (a new list: for the rare rewrites). */
    List<String> headerValues(CharSequence name);

    /**
     * Gives the lines called {@code name} the values {@code values}, one per line as
     * {@link #headerValues} listed them, each line staying where it was (HAProxy edits a header in
     * place); a null value removes its line.
     */
    void replaceHeaderValues(CharSequence name, List<? extends @Nullable CharSequence> values);

    /** The request's method; the empty string for a response. */
    CharSequence method();

    /** The request's target as it goes to the server; the empty string for a response. */
    CharSequence uri();

    /** Sets the request's target ({@code set-uri}); {@link IllegalStateException} on a response. */
    void setUri(CharSequence uri);

    /** Sets the request's method ({@code set-method}); {@link IllegalStateException} on a response. */
    void setMethod(CharSequence method);

    /** The response's status; 0 for a request. */
    int status();

    /**
     * Sets the response's status and reason ({@code set-status}), the standard reason when
     * {@code reason} is null; {@link IllegalStateException} on a request.
     */
    void setStatus(int status, @Nullable CharSequence reason);
}
