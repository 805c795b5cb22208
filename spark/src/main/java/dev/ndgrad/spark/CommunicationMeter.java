package dev.ndgrad.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts the bytes Spark's tasks sent back for the jobs that carry one job tag (the training rounds of one fit):
 * task result sizes and shuffle writes, from Spark's own {@link TaskMetrics}. Spark delivers listener events on
 * its own thread, after the job returns; {@link #awaitJobs} waits until the tagged jobs' ends have arrived, and
 * with them every task's metrics.
 */
final class CommunicationMeter extends SparkListener {

    /** Spark's local property that lists a job's tags (SparkContext.SPARK_JOB_TAGS). */
    private static final String JOB_TAGS = "spark.job.tags";

    private final String tag;
    private final Set<Integer> jobs = ConcurrentHashMap.newKeySet();
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final AtomicLong resultBytes = new AtomicLong();
    private final AtomicLong shuffleBytes = new AtomicLong();
    private final AtomicLong jobsEnded = new AtomicLong();

    CommunicationMeter(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        String tags = start.properties() == null ? null : start.properties().getProperty(JOB_TAGS);
        if (tags != null && Set.of(tags.split(",")).contains(tag)) {
            for (Object stage : CollectionConverters.asJava(start.stageIds())) {
                stages.add((Integer) stage);
            }
            jobs.add(start.jobId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics metrics = end.taskMetrics();
        if (metrics != null && stages.contains(end.stageId())) {
            resultBytes.addAndGet(metrics.resultSize());
            shuffleBytes.addAndGet(metrics.shuffleWriteMetrics().bytesWritten());
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        if (jobs.contains(end.jobId())) {
            jobsEnded.incrementAndGet();
        }
    }

    /** Waits (at most {@code timeoutMillis}) until {@code count} tagged jobs have ended; false on a timeout. */
    boolean awaitJobs(long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (jobsEnded.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    long resultBytes() {
        return resultBytes.get();
    }

    long shuffleBytes() {
        return shuffleBytes.get();
    }
}
