package dev.bascule.dist.reliability;

import java.io.IOException;

/**
 * What is checked once a load is over: whether the proxy still answers a plain {@code GET}, with a
 * full collection in Bascule's JVM before and between those requests so that the leak detector
 * finds and reports what the load lost (Netty reports at allocations after the collection).
 */
final class AfterLoad {
    private AfterLoad() {
    }

    /** The status line of the last of a few {@code GET path} on fresh connections, or why there was none. */
    static String answer(ProxyProcess proxy, int port, String path) throws IOException, InterruptedException {
        String answer = "";
        for (int round = 0; round < 2; round++) {
            proxy.collectGarbage();
            for (int i = 0; i < 3; i++) {
                answer = get(port, path);
            }
        }
        Thread.sleep(300);
        return answer;
    }

    private static String get(int port, String path) {
        try (HttpConnection connection = HttpConnection.open(port, 5_000)) {
            connection.send(HttpConnection.get(path, true));
            return connection.read().toString();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
