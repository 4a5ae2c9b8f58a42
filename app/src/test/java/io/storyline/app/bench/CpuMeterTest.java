package io.storyline.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void shouldGroupHotSpotCompilerGcAndVmThreadsAndNothingElse() {
    assertThat(CpuMeter.jvmGroup("C2 CompilerThre")).isEqualTo("jvm: JIT compiler");
    assertThat(CpuMeter.jvmGroup("C1 CompilerThre")).isEqualTo("jvm: JIT compiler");
    assertThat(CpuMeter.jvmGroup("GC Thread#1")).isEqualTo("jvm: GC");
    assertThat(CpuMeter.jvmGroup("G1 Conc#0")).isEqualTo("jvm: GC");
    assertThat(CpuMeter.jvmGroup("G1 Refine#0")).isEqualTo("jvm: GC");
    assertThat(CpuMeter.jvmGroup("VM Thread")).isEqualTo("jvm: VM thread");
    assertThat(CpuMeter.jvmGroup("storyline-clust")).isNull();
    assertThat(CpuMeter.jvmGroup("main")).isNull();
  }

  @Test
  void shouldReadUserPlusSystemTicksFromAStatLineWhoseNameHoldsSpacesAndParentheses() {
    // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    String stat = "4242 (C2 (Compiler) x) S 1 1 1 0 -1 4194304 10 0 0 0 250 30 0 0 20 0 1 0 99 0 0";

    assertThat(CpuMeter.ticksToNanos(stat)).as("(250 + 30) ticks of 10 ms").isEqualTo(2_800_000_000L);
  }

  @Test
  void shouldFindTheJitCompilerThreadsOfThisJvmOnLinux() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");

    assertThat(CpuMeter.nativeThreads().values()).extracting(CpuMeter.NativeThread::group)
        .contains("jvm: JIT compiler", "jvm: VM thread");
  }
}
