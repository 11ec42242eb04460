package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --max-corrupt-regions and --max-skipped-bytes: core's corruption budget, per file. */
class CorruptionBudgetTest {
  @TempDir
  Path dir;

  private Path damaged;
  private List<Long> offsets;

  /** 30 records, three of them with a flipped payload byte: three corrupt regions. */
  @BeforeEach
  void damagedFile() throws Exception {
    damaged = dir.resolve("damaged.pp");
    offsets = TestFiles.write(damaged, TestFiles.lines("record number ", 30));
    for (int victim : List.of(5, 15, 25)) {
      TestFiles.flip(damaged, offsets.get(victim) + 45);
    }
  }

  private long frameBytes(int record) {
    return offsets.get(record + 1) - offsets.get(record);
  }

  @Test
  void withinTheBudgetEveryIntactRecordIsRead() {
    assertEquals("27\n", CliRun.run("count", "-q", "--max-corrupt-regions", "3",
        damaged.toString()).expect(0).stdout());
    long skipped = frameBytes(5) + frameBytes(15) + frameBytes(25);
    assertEquals("27\n", CliRun.run("count", "-q", "--max-skipped-bytes",
        Long.toString(skipped), damaged.toString()).expect(0).stdout());
  }

  @Test
  void goingOverTheRegionBudgetIsStatus1NamingTheFileAndOffset() {
    for (String command : List.of("count", "cat", "stat", "verify")) {
      CliRun.run(command, "--max-corrupt-regions", "2", damaged.toString())
          .expectOneLineError(1, "pprecordio " + command, damaged + " at offset "
              + offsets.get(25));
    }
    CliRun.Result r = CliRun.run("count", "--max-corrupt-regions", "0", damaged.toString());
    r.expectOneLineError(1, "pprecordio count", "at offset " + offsets.get(5));
    assertEquals(true, r.stderr().contains("raise --max-corrupt-regions or --max-skipped-bytes"),
        r.stderr());
  }

  @Test
  void goingOverTheByteBudgetIsStatus1() {
    CliRun.run("count", "--max-skipped-bytes", Long.toString(frameBytes(5)), damaged.toString())
        .expectOneLineError(1, "pprecordio count", damaged + " at offset " + offsets.get(15));
  }

  @Test
  void aTornTailIsNotCorruptionAndCostsNothing() throws Exception {
    Path torn = dir.resolve("torn.pp");
    TestFiles.write(torn, TestFiles.lines("r", 5));
    TestFiles.truncate(torn, 3);
    assertEquals("4\n", CliRun.run("count", "-q", "--max-corrupt-regions", "0",
        "--max-skipped-bytes", "0", torn.toString()).expect(0).stdout());
    assertEquals(true, Files.exists(torn));
  }

  @Test
  void negativeBudgetsAreUsageErrors() {
    CliRun.run("count", "--max-corrupt-regions", "-1", damaged.toString())
        .expectOneLineError(2, "pprecordio count", "--max-corrupt-regions: ");
    CliRun.run("count", "--max-skipped-bytes", "lots", damaged.toString())
        .expectOneLineError(2, "pprecordio count", "'lots' is not a size");
  }
}
