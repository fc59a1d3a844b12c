package dev.bascule.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** benchmarks/compare.py against small JMH result files: within bounds, and regressed. */
final class CompareScriptTest {
    private static final Path SCRIPT = Path.of("compare.py");
    private static final Path FIXTURES = Path.of("src/test/resources/compare");

    private record Run(int exit, String output) {
    }

    private static Run compare(String result) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        Process process = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(),
                FIXTURES.resolve(result).toString(), FIXTURES.resolve("baseline.json").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void aRunWithinTheErrorBarsPasses() throws Exception {
        Run run = compare("same.json");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("0 regressed, 2 within bounds");
    }

    @Test
    void allocationOnAHotPathAndASlowerScoreFail() throws Exception {
        Run run = compare("worse.json");
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("allocates 24.0 B/op on a hot path (limit 1)",
                "score 70000.000 vs 50000.000 ns/op (beyond errors + 5 %)", "2 regressed");
    }
}
