package dev.bascule.algorithms;

import dev.bascule.api.balance.Server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's {@code balance roundrobin} order ({@code lb_fwrr.c}, "fast weighted round robin"),
 * computed on the control plane. For a given farm the algorithm is deterministic: this class
 * runs its state machine (three trees of servers, positions in a window of the total weight)
 * until a state repeats, and returns the order as a prefix followed by a cycle. The data plane
 * then only walks that order, so picks match HAProxy's without its lock.
 *
 * <p>Trees are modelled as lists kept in (key, insertion) order, as an ebtree keeps duplicates
 * in insertion order.
 */
final class FwrrSchedule {
    /** HAProxy's {@code BE_WEIGHT_SCALE}. */
    private static final int SCALE = 16;
    /** {@code SRV_EWGHT_MAX}. */
    private static final int EWEIGHT_MAX = 256 * SCALE;
    /** {@code SRV_UWGHT_RANGE}. */
    private static final int UWEIGHT_RANGE = 256;

    final Server[] prefix;
    final Server[] cycle;

    private FwrrSchedule(Server[] prefix, Server[] cycle) {
        this.prefix = prefix;
        this.cycle = cycle;
    }

    /** The order for these usable servers (weights above 0), in declaration order. */
    static FwrrSchedule of(List<Server> servers) {
        Machine machine = new Machine();
        List<Node> nodes = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < servers.size(); i++) {
            Node node = new Node(i, servers.get(i).scaledWeight());
            nodes.add(node);
            total += node.eweight;
        }
        machine.start(nodes, total);
        Map<String, Integer> seen = new HashMap<>();
        List<Server> order = new ArrayList<>();
        long limit = 64 * (total / SCALE) + 4096;
        for (int pick = 0; pick < limit; pick++) {
            Integer earlier = seen.putIfAbsent(machine.state(nodes), pick);
            if (earlier != null) {
                return new FwrrSchedule(order.subList(0, earlier).toArray(new Server[0]),
                        order.subList(earlier, pick).toArray(new Server[0]));
            }
            order.add(servers.get(machine.next().server));
        }
        // no repetition within the bound (not expected): walk what was computed, cyclically
        return new FwrrSchedule(new Server[0], order.toArray(new Server[0]));
    }

    private static final class Node {
        final int server;
        final int eweight;
        long key;
        long sequence;
        long npos;
        long rweight;
        List<Node> tree;

        Node(int server, int eweight) {
            this.server = server;
            this.eweight = eweight;
        }
    }

    /** HAProxy's group of trees and window, for one farm. */
    private static final class Machine {
        private final List<Node> curr = new ArrayList<>();
        private List<Node> init = new ArrayList<>();
        private List<Node> next = new ArrayList<>();
        private long currPos;
        private long currWeight;
        private long nextWeight;
        private long insertions;

        /** {@code fwrr_init_server_groups}: every server in the init tree, heavy first. */
        void start(List<Node> nodes, long total) {
            currPos = total;
            currWeight = total;
            nextWeight = total;
            for (Node node : nodes) {
                queueByWeight(init, node);
            }
        }

        /** {@code fwrr_get_next_server} without maxconn or a server to avoid. */
        Node next() {
            if (currWeight == 0) {
                currPos = currWeight = nextWeight;
            }
            boolean switched = false;
            Node chosen;
            while (true) {
                chosen = fromGroup();
                if (chosen != null) {
                    break;
                }
                if (switched) {
                    throw new IllegalStateException("no server in a non-empty farm");
                }
                switched = true;
                List<Node> swap = init;
                init = next;
                next = swap;
                currWeight = nextWeight;
                currPos = currWeight;
            }
            updatePosition(chosen);
            chosen.tree.remove(chosen);
            chosen.tree = null;
            currPos++;
            queue(chosen);
            return chosen;
        }

        /** {@code fwrr_get_server_from_group}. */
        private Node fromGroup() {
            Node first = curr.isEmpty() ? null : curr.get(0);
            if (first != null && first.npos <= currPos) {
                return first;
            }
            if (!init.isEmpty()) {
                Node fresh = init.get(0);
                fresh.npos = 0;
                fresh.rweight = 0;
                return fresh;
            }
            return first;
        }

        /** {@code fwrr_update_position}. */
        private void updatePosition(Node node) {
            if (node.npos == 0) {
                node.npos = currPos;
            }
            node.npos += nextWeight / node.eweight;
            node.rweight += nextWeight % node.eweight;
            if (node.rweight >= node.eweight) {
                node.rweight -= node.eweight;
                node.npos++;
            }
        }

        /** {@code fwrr_queue_srv}. */
        private void queue(Node node) {
            if (node.npos >= 2 * currWeight || node.npos >= currWeight + nextWeight) {
                node.npos -= currWeight;
                queueByWeight(next, node);
            } else {
                node.key = UWEIGHT_RANGE * node.npos + (EWEIGHT_MAX + node.rweight - node.eweight) / SCALE;
                insert(curr, node);
            }
        }

        /** {@code fwrr_queue_by_weight}: heavy servers first. */
        private void queueByWeight(List<Node> tree, Node node) {
            node.key = EWEIGHT_MAX - node.eweight;
            insert(tree, node);
        }

        private void insert(List<Node> tree, Node node) {
            node.sequence = insertions++;
            int index = 0;
            while (index < tree.size() && tree.get(index).key <= node.key) {
                index++;
            }
            tree.add(index, node);
            node.tree = tree;
        }

        /** Everything that decides the future picks, positions made relative to the window. */
        String state(List<Node> nodes) {
            StringBuilder state = new StringBuilder();
            state.append(currPos).append('/').append(currWeight).append('|');
            appendTree(state, curr);
            appendTree(state, init);
            appendTree(state, next);
            for (Node node : nodes) {
                state.append(node.npos).append(',').append(node.rweight).append(';');
            }
            return state.toString();
        }

        private static void appendTree(StringBuilder state, List<Node> tree) {
            for (Node node : tree) {
                state.append(node.server).append(':').append(node.key).append(' ');
            }
            state.append('|');
        }
    }
}
