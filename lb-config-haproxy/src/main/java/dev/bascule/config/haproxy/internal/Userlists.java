package dev.bascule.config.haproxy.internal;

import static dev.bascule.config.haproxy.internal.KeywordLine.word;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.UserlistConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code userlist} sections, read as HAProxy 2.6's {@code cfg_parse_users()} reads them, and
 * resolved as its {@code userlist_postinit()} resolves them once every file is read.
 *
 * <p>HAProxy's quirks are kept: a {@code userlist} line that is refused or names a section that
 * exists starts nothing, so the lines after it go to the section started last (or nowhere); a
 * duplicated group or user is a warning and the first one stays; a user line with an unknown
 * option keeps the user as read so far.
 */
final class Userlists {
    private final Diagnostics diagnostics;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private Section current;

    Userlists(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * The userlists named by fetch arguments, and the groups {@code http_auth_group} ACLs match, as
     * HAProxy's {@code smp_resolve_args()} and {@code acl_find_targets()} check them once every
     * section is read.
     */
    void checkReferences(List<ProxyParser.UserlistReference> references) {
        for (ProxyParser.UserlistReference reference : references) {
            AclParser.UserlistUse use = reference.use();
            String where = "in arg 1 of " + (use.acl() ? "ACL keyword '" + use.fetch() + "' in"
                    : "sample fetch keyword '" + use.fetch() + "' in " + reference.keyword() + " expression in")
                    + " proxy '" + reference.proxy() + "'.";
            if (use.userlist().isEmpty()) {
                diagnostics.alert(reference.location(), "missing userlist name " + where);
                continue;
            }
            if (!sections.containsKey(use.userlist())) {
                diagnostics.alert(reference.location(), "unable to find userlist '" + use.userlist() + "' referenced "
                        + where);
                continue;
            }
            if (use.acl() && use.fetch().equals("http_auth_group")) {
                String acl = "proxy " + reference.proxy() + ": acl " + use.aclName() + " " + use.fetch() + "(): ";
                if (use.groups().isEmpty()) {
                    diagnostics.alert(reference.location(), acl + "no groups specified.");
                }
                for (String group : use.groups()) {
                    if (!sections.get(use.userlist()).groups.containsKey(group)) {
                        diagnostics.alert(reference.location(), acl + "invalid group '" + group + "'.");
                    }
                }
            }
        }
    }

    private static final class Section {
        final String name;
        final SourceLocation location;
        final Map<String, Group> groups = new LinkedHashMap<>();
        final Map<String, User> users = new LinkedHashMap<>();

        Section(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }
    }

    private record Group(String name, String users, SourceLocation location) {
    }

    private static final class User {
        final String name;
        final SourceLocation location;
        String password = "";
        boolean insecure;
        String groups = "";

        User(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }
    }

    /** A {@code userlist NAME} line. */
    void start(List<String> args, SourceLocation location) {
        String name = word(args, 1);
        if (name.isEmpty()) {
            diagnostics.alert(location, "'userlist' expects <name> as arguments.");
            return;
        }
        if (!word(args, 2).isEmpty()) {
            diagnostics.alert(location, "'userlist' cannot handle unexpected argument '" + args.get(2) + "'.");
            return;
        }
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, ConfigNames.notPermitted(name, invalid, "'userlist' name '" + name + "'."));
            return;
        }
        if (sections.containsKey(name)) {
            diagnostics.warning(location, "ignoring duplicated userlist '" + name + "'.");
            return;
        }
        current = new Section(name, location);
        sections.put(name, current);
    }

    /** A line inside a userlist section. */
    void parse(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        switch (keyword) {
            case "group" -> parseGroup(args, location);
            case "user" -> parseUser(args, location);
            default -> diagnostics.alert(location, "unknown keyword '" + keyword + "' in 'users' section");
        }
    }

    private void parseGroup(List<String> args, SourceLocation location) {
        String name = word(args, 1);
        if (name.isEmpty()) {
            diagnostics.alert(location, "'group' expects <name> as arguments.");
            return;
        }
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, ConfigNames.notPermitted(name, invalid, "'group' name '" + name + "'."));
            return;
        }
        if (current == null) {
            return;
        }
        if (current.groups.containsKey(name)) {
            diagnostics.warning(location, "ignoring duplicated group '" + name + "' in userlist '" + current.name
                    + "'.");
            return;
        }
        String users = "";
        for (int i = 2; i < args.size() && !args.get(i).isEmpty(); i += 2) {
            if (!args.get(i).equals("users")) {
                diagnostics.alert(location, "'group' only supports 'users' option.");
                return;
            }
            users = word(args, i + 1);
        }
        current.groups.put(name, new Group(name, users, location));
    }

    private void parseUser(List<String> args, SourceLocation location) {
        String name = word(args, 1);
        if (name.isEmpty()) {
            diagnostics.alert(location, "'user' expects <name> as arguments.");
            return;
        }
        if (current == null) {
            return;
        }
        if (current.users.containsKey(name)) {
            diagnostics.warning(location, "ignoring duplicated user '" + name + "' in userlist '" + current.name + "'.");
            return;
        }
        User user = new User(name, location);
        current.users.put(name, user);
        for (int i = 2; i < args.size() && !args.get(i).isEmpty(); i += 2) {
            switch (args.get(i)) {
                case "password" -> {
                    user.password = word(args, i + 1);
                    user.insecure = false;
                }
                case "insecure-password" -> {
                    user.password = word(args, i + 1);
                    user.insecure = true;
                }
                case "groups" -> user.groups = word(args, i + 1);
                default -> {
                    diagnostics.alert(location, "'user' only supports 'password', 'insecure-password' and 'groups'"
                            + " options.");
                    return;
                }
            }
        }
    }

    /**
     * The sections with each user's groups resolved, those named on its line and those whose
     * {@code users} name it; empty after an alert ({@code no such group}, {@code no such user}).
     */
    Optional<List<UserlistConfig>> resolve() {
        List<UserlistConfig> resolved = new ArrayList<>();
        boolean failed = false;
        for (Section section : sections.values()) {
            Map<String, List<String>> membership = new LinkedHashMap<>();
            for (User user : section.users.values()) {
                List<String> groups = new ArrayList<>();
                for (String group : names(user.groups)) {
                    if (!section.groups.containsKey(group)) {
                        diagnostics.alert(user.location, "userlist '" + section.name + "': no such group '" + group
                                + "' specified in user '" + user.name + "'");
                        failed = true;
                    } else if (!groups.contains(group)) {
                        groups.add(group);
                    }
                }
                membership.put(user.name, groups);
            }
            for (Group group : section.groups.values()) {
                for (String member : names(group.users())) {
                    List<String> groups = membership.get(member);
                    if (groups == null) {
                        diagnostics.alert(group.location(), "userlist '" + section.name + "': no such user '" + member
                                + "' specified in group '" + group.name() + "'");
                        failed = true;
                    } else if (!groups.contains(group.name())) {
                        groups.add(group.name());
                    }
                }
            }
            List<UserlistConfig.User> users = new ArrayList<>();
            for (User user : section.users.values()) {
                users.add(new UserlistConfig.User(user.name, user.password, user.insecure, membership.get(user.name),
                        user.location));
            }
            resolved.add(new UserlistConfig(section.name, users, List.copyOf(section.groups.keySet()),
                    section.location));
        }
        return failed ? Optional.empty() : Optional.of(resolved);
    }

    /** The names of a comma-separated list, as {@code strtok()} splits it: empty names skipped. */
    private static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
