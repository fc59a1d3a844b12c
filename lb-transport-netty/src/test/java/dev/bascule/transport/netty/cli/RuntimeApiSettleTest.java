package dev.bascule.transport.netty.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.testing.TestingKeywordRegistry;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.RuntimeCompiler;
import dev.bascule.core.runtime.ServerControl;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A server change is made on the health-check thread; the runtime API answers, and reads its next
 * command, only once it is made, so that {@code set server ... weight} then {@code show servers
 * state} shows the new weight, as on HAProxy (RuntimeApiIT once caught the old weight in CI).
 */
final class RuntimeApiSettleTest {
    private static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    /** Changes that wait in a queue until the test runs them, as the control thread would later. */
    private static final class LaterControl implements ServerControl {
        final Queue<Runnable> queue = new ArrayDeque<>();

        @Override
        public void disable(ServerRuntime server) {
            queue.add(() -> server.setMaintenance(true));
        }

        @Override
        public void enable(ServerRuntime server) {
            queue.add(() -> server.setMaintenance(false));
        }

        @Override
        public void drain(ServerRuntime server) {
            queue.add(() -> server.setDrain(true));
        }

        @Override
        public void undrain(ServerRuntime server) {
            queue.add(() -> server.setDrain(false));
        }

        @Override
        public void weight(ServerRuntime server, int weight) {
            queue.add(() -> server.setWeight(weight, System.currentTimeMillis()));
        }

        @Override
        public CompletionStage<Void> settled() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            queue.add(() -> done.complete(null));
            return done;
        }

        void runAll() {
            Runnable task;
            while ((task = queue.poll()) != null) {
                task.run();
            }
        }
    }

    @Test
    void theAnswerAndTheNextCommandWaitForTheChange() throws Exception {
        BackendConfig be = new BackendConfig("be", ProxyMode.HTTP, new BalanceConfig("first", List.of(), HERE),
                List.of(new ServerConfig("srv1", new ServerAddress("127.0.0.1", 8081), 10, HERE)),
                Optional.empty(), Timeouts.none(), 3, HERE);
        RuntimeCompiler.Result compiled = new RuntimeCompiler(TestingKeywordRegistry.withAlgorithms(
                RuntimeApiFuzzTest.FIRST)).compile(new LbConfig(GlobalConfig.defaults(), List.of(), List.of(be)));
        ProxyRuntime runtime = compiled.runtime().orElseThrow(() -> new AssertionError(compiled.diagnostics()));
        BackendRuntime backend = runtime.backends().get(0);
        LaterControl control = new LaterControl();
        backend.control(control);

        EmbeddedChannel channel = new EmbeddedChannel();
        RuntimeApiHandler.configure(channel.pipeline(), runtime, "admin", System.currentTimeMillis(),
                StatsSocketConfig.DEFAULT_TIMEOUT.toMillis());
        channel.writeInbound(Unpooled.copiedBuffer("prompt\nset server be/srv1 weight 3; show servers state be\n"
                + "show servers state be\n", StandardCharsets.UTF_8));
        channel.runPendingTasks();
        assertThat(answers(channel)).as("each line waits until what was queued before it is made").isEmpty();
        control.runAll();
        channel.runPendingTasks();
        assertThat(answers(channel)).as("the prompt answers; the change is not made yet, nor what follows it")
                .hasSize(1);
        List<String> answers = new ArrayList<>();
        for (int round = 0; round < 5 && answers.size() < 2; round++) {
            control.runAll();
            channel.runPendingTasks();
            answers.addAll(answers(channel));
        }
        assertThat(answers).hasSize(2);
        // both show the weight the change set (the 8th field of a server line)
        for (String answer : answers) {
            String server = answer.lines().filter(line -> line.contains(" srv1 ")).findFirst().orElseThrow();
            assertThat(server.split(" ")[7]).as(answer).isEqualTo("3");
        }
        channel.finishAndReleaseAll();
    }

    private static List<String> answers(EmbeddedChannel channel) {
        List<String> answers = new ArrayList<>();
        ByteBuf message;
        while ((message = channel.readOutbound()) != null) {
            answers.add(message.toString(StandardCharsets.UTF_8));
            message.release();
        }
        return answers;
    }
}
