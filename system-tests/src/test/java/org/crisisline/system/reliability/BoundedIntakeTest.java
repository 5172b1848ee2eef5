package org.crisisline.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The soak reads intake's heap from jcmd GC.heap_info: the generations' "used", never Metaspace's. */
class BoundedIntakeTest {

  @Test
  void theSerialCollectorsGenerationsAreAddedAndMetaspaceIsNot() {
    String serial = """
        12345:
         def new generation   total 9792K, used 1000K [0x00000000e8000000, 0x00000000e8aa0000, 0x00000000f0000000)
          eden space 8704K,  11% used [0x00000000e8000000, 0x00000000e8100000, 0x00000000e8880000)
         tenured generation   total 21888K, used 15360K [0x00000000f0000000, 0x00000000f1560000, 0x0000000100000000)
         Metaspace       used 45123K, committed 45568K, reserved 1114112K
        """;
    assertThat(BoundedIntake.usedKb(serial)).isEqualTo(16360);
  }

  @Test
  void theG1HeapIsReadAsOne() {
    String g1 = """
        12345:
         garbage-first heap   total 262144K, used 40960K [0x00000000f0000000, 0x0000000100000000)
          region size 1024K, 3 young (3072K), 1 survivors (1024K)
         Metaspace       used 45123K, committed 45568K, reserved 1114112K
        """;
    assertThat(BoundedIntake.usedKb(g1)).isEqualTo(40960);
    assertThat(BoundedIntake.usedKb("12345: no such process") / 1024).isEqualTo(-1);
  }
}
