package io.pprecordio.examples.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;
import org.junit.jupiter.api.Test;

class LocalFailuresTest {
  /** Tasks of a job on a cluster find no key and record nothing. */
  @Test
  void aClusterJobRecordsNothing() {
    Configuration conf = new Configuration(false);
    conf.set(MRConfig.FRAMEWORK_NAME, MRConfig.YARN_FRAMEWORK_NAME);
    assertNull(LocalFailures.enableIfLocal(conf));
    assertNull(conf.get(LocalFailures.KEY));
    LocalFailures.record(conf, new IOException("lost"));
    assertNull(LocalFailures.take(conf.get(LocalFailures.KEY)));
  }

  /** Each local job has its own key: its first failure, once, and never another job's. */
  @Test
  void eachLocalJobSeesOnlyItsOwnFirstFailure() {
    Configuration a = new Configuration(false);
    Configuration b = new Configuration(false);
    String keyA = LocalFailures.enableIfLocal(a);
    String keyB = LocalFailures.enableIfLocal(b);
    assertNotEquals(keyA, keyB);
    LocalFailures.record(a, new IOException("first\n  of a"));
    LocalFailures.record(a, new IOException("second of a"));
    assertNull(LocalFailures.take(keyB));
    assertEquals("first of a", LocalFailures.take(keyA));
    assertNull(LocalFailures.take(keyA));
  }
}
