package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole, valid configuration: what a loader returns when it found no error.
 *
 * @param global    the merged {@code global} sections
 * @param frontends every frontend, {@code listen} sections included, in file order
 * @param backends  every backend, {@code listen} sections included, in file order
 * @param acls      every {@code acl} line of the proxies, used or not, in file order: HAProxy
 *                  loads the pattern files of each, which the runtime API then shows
 * @param stickTables every {@code stick-table} line, in file order
 * @param userlists the {@code userlist} sections, in file order
 * @param httpErrors the {@code http-errors} sections by name, each its replies by status (an empty
 *                  one for an empty {@code errorfile}: no reply, the connection closes), for the
 *                  replies of rules naming them ({@code errorfiles <name>}); since 1.1
 * @param resolvers the {@code resolvers} sections, in file order
 * @param serverState the server state files read at start ({@code server-state-file}...)
 */
public record LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                       List<AclConfig> acls, List<StickTableConfig> stickTables, List<UserlistConfig> userlists,
                       Map<String, Map<Integer, Optional<HttpRequestAction.Return>>> httpErrors,
                       List<ResolversConfig> resolvers, ServerStateConfig serverState) {
    /** A configuration without server state file. */
    public LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                    List<AclConfig> acls, List<StickTableConfig> stickTables, List<UserlistConfig> userlists,
                    Map<String, Map<Integer, Optional<HttpRequestAction.Return>>> httpErrors,
                    List<ResolversConfig> resolvers) {
        this(global, frontends, backends, acls, stickTables, userlists, httpErrors, resolvers, ServerStateConfig.NONE);
    }

    /** A configuration without {@code resolvers} sections. */
    public LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                    List<AclConfig> acls, List<StickTableConfig> stickTables, List<UserlistConfig> userlists,
                    Map<String, Map<Integer, Optional<HttpRequestAction.Return>>> httpErrors) {
        this(global, frontends, backends, acls, stickTables, userlists, httpErrors, List.of());
    }

    /** A configuration without {@code http-errors} sections. */
    public LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                    List<AclConfig> acls, List<StickTableConfig> stickTables, List<UserlistConfig> userlists) {
        this(global, frontends, backends, acls, stickTables, userlists, Map.of());
    }

    public LbConfig {
        Map<String, Map<Integer, Optional<HttpRequestAction.Return>>> sections =
                new LinkedHashMap<>();
        httpErrors.forEach((name, replies) -> sections.put(name, Map.copyOf(replies)));
        httpErrors = Collections.unmodifiableMap(sections);
        requireNonNull(global, "global");
        frontends = List.copyOf(frontends);
        backends = List.copyOf(backends);
        acls = List.copyOf(acls);
        stickTables = List.copyOf(stickTables);
        userlists = List.copyOf(userlists);
        resolvers = List.copyOf(resolvers);
        requireNonNull(serverState, "serverState");
    }

    /** The {@code resolvers} section of that name. */
    public Optional<ResolversConfig> resolvers(String name) {
        return resolvers.stream().filter(section -> section.name().equals(name)).findFirst();
    }

    /** A configuration without userlists. */
    public LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                    List<AclConfig> acls, List<StickTableConfig> stickTables) {
        this(global, frontends, backends, acls, stickTables, List.of());
    }

    /** A configuration without stick tables nor userlists. */
    public LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                    List<AclConfig> acls) {
        this(global, frontends, backends, acls, List.of());
    }

    /** A configuration whose ACLs are only those its rules use. */
    public LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends) {
        this(global, frontends, backends, List.of());
    }

    /** The backend of that name. */
    public Optional<BackendConfig> backend(String name) {
        return backends.stream().filter(backend -> backend.name().equals(name)).findFirst();
    }

    /** The frontend of that name. */
    public Optional<FrontendConfig> frontend(String name) {
        return frontends.stream().filter(frontend -> frontend.name().equals(name)).findFirst();
    }
}
