package dev.bascule.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Common settings of every Bascule benchmark: two forks with a fixed heap, 5 x 1 s warm-up and
 * measurement, leak detection off (it would dominate). Run with {@code -prof gc}: the
 * allocation per operation ({@code gc.alloc.rate.norm}) is the stable signal on noisy machines.
 * Override on the command line (see benchmarks/README.md).
 */
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:MaxDirectMemorySize=1g",
        "-Dio.netty.leakDetection.level=disabled"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class AbstractLbBenchmark {
}
