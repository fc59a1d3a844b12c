/**
 * HTTP authentication against {@code userlist} sections: the users, their groups and the
 * {@code crypt(3)} password check that {@code http_auth} and {@code http_auth_group} run.
 */
package dev.bascule.core.auth;
