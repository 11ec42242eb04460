package io.pprecordio.spark;

import static io.pprecordio.spark.SparkFixtures.coreRead;
import static io.pprecordio.spark.SparkFixtures.spark;
import static io.pprecordio.spark.SparkFixtures.sparkRead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 small files are packed into few partitions the way Spark packs Parquet or text files
 * (each file costs {@code spark.sql.files.openCostInBytes} plus its size), and read exactly.
 */
class SmallFilesTest {
  private static final int FILES = 2000;

  @TempDir
  static Path tmp;
  private static Path dir;
  private static List<Path> files;

  @BeforeAll
  static void files() throws IOException {
    dir = tmp.resolve("small");
    files = new ArrayList<>();
    Random rnd = new Random(7);
    for (int i = 0; i < FILES; i++) {
      files.add(SparkFixtures.write(dir, String.format("part-%05d.pp_recordio", i),
          TestData.mixed(rnd, 1 + rnd.nextInt(6), false).bytes()));
    }
  }

  @AfterEach
  void defaults() {
    spark().conf().unset("spark.sql.files.openCostInBytes");
    spark().conf().unset("spark.sql.files.maxPartitionBytes");
  }

  @Test
  void withSparksDefaultsThirtyTwoFilesShareAPartition() throws IOException {
    Dataset<Row> records = spark().read().format("pprecordio").load(dir.toString());
    int partitions = records.rdd().getNumPartitions();
    // 128 MiB partitions, 4 MiB to open a file: 32 files per partition.
    assertEquals((FILES + 31) / 32, partitions);
    assertEquals(coreRead(files).size(), records.count());
  }

  @Test
  void aLowOpenCostPacksThemIntoTwoPartitions() throws IOException {
    spark().conf().set("spark.sql.files.openCostInBytes", "65536");
    Dataset<Row> records = spark().read().format("pprecordio").load(dir.toString());
    int partitions = records.rdd().getNumPartitions();
    assertTrue(partitions <= 3, partitions + " partitions");
    assertEquals(coreRead(files), sparkRead(records));
  }
}
