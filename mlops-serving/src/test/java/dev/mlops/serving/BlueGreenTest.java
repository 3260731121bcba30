package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.model.ModelBundle;
import dev.mlops.serving.ServedModel.Result;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swaps and rollbacks under concurrent load, through code, the admin endpoint and a watched folder. */
class BlueGreenTest {

    static final List<Map<String, Object>> RECORDS = List.of(Fixtures.iris(5.1, 3.5, 1.4, 0.2),
            Fixtures.iris(6.0, 2.7, 5.1, 1.6), Fixtures.iris(6.3, 2.8, 4.9, 1.5), Fixtures.iris(5.9, 3.0, 4.2, 1.5),
            Fixtures.iris(7.2, 3.0, 5.8, 1.6));

    /** Expected probabilities per version and record, from the models themselves. */
    static Map<String, List<double[]>> expected(ServedModel... models) {
        Map<String, List<double[]>> m = new ConcurrentHashMap<>();
        for (ServedModel model : models) {
            List<double[]> p = new ArrayList<>();
            for (Map<String, Object> r : RECORDS) {
                p.add(model.predict(r).probabilities());
            }
            m.put(model.version(), p);
        }
        return m;
    }

    static boolean matches(double[] expected, JsonNode probabilities, List<String> labels) {
        for (int k = 0; k < labels.size(); k++) {
            if (Math.abs(expected[k] - probabilities.get(labels.get(k)).asDouble()) > 1e-12) {
                return false;
            }
        }
        return true;
    }

    @Test
    void swapsAndRollbacksUnderLoad_failNoRequestAndNeverMixModels() throws Exception {
        ServedModel forest = Fixtures.forest();
        ServedModel logistic = Fixtures.logistic();
        assertNotEquals(forest.version(), logistic.version());
        Map<String, List<double[]>> expected = expected(forest, logistic);
        List<String> labels = forest.labels();
        String batchBody;
        {
            ObjectNode b = Fixtures.JSON.createObjectNode();
            ArrayNode a = b.putArray("instances");
            RECORDS.forEach(r -> a.add(Fixtures.JSON.valueToTree(r)));
            batchBody = b.toString();
        }
        try (ModelServer server = Fixtures.server(forest, ModelServer.builder().threads(4))) {
            Fixtures.Client client = new Fixtures.Client(server);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong requests = new AtomicLong();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            Set<String> seen = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                clients.add(pool.submit(() -> {
                    int i = id;
                    while (!stop.get() && requests.get() < 20_000) {
                        try {
                            boolean batch = i % 3 == 0;
                            int rec = i % RECORDS.size();
                            HttpResponse<String> r = batch ? client.post("/predict/batch", batchBody)
                                    : client.post("/predict", Fixtures.JSON.writeValueAsString(RECORDS.get(rec)));
                            requests.incrementAndGet();
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                                continue;
                            }
                            JsonNode json = client.json(r);
                            String version = json.get("version").asText();
                            seen.add(version);
                            List<double[]> exp = expected.get(version);
                            if (batch) {
                                for (int k = 0; k < RECORDS.size(); k++) {
                                    if (!matches(exp.get(k), json.get("predictions").get(k).get("probabilities"), labels)) {
                                        failures.add("mixed batch " + version + " " + r.body());
                                    }
                                }
                            } else if (!matches(exp.get(rec), json.get("probabilities"), labels)) {
                                failures.add("mismatch " + version + " " + r.body());
                            }
                        } catch (RuntimeException | java.io.IOException e) {
                            failures.add(e.toString());
                        }
                        i++;
                    }
                }));
            }
            // each switch waits for traffic to flow before the next, so every model serves requests
            for (int s = 0; s < 8; s++) {
                waitForProgress(requests, 150);
                if (s % 4 == 0) {
                    server.install(logistic, "test");
                } else if (s % 4 == 1) {
                    assertEquals(forest.version(), server.rollback().version());
                } else if (s % 4 == 2) {
                    assertEquals(logistic.version(), server.rollback().version());
                } else {
                    server.install(forest, "test");
                }
            }
            waitForProgress(requests, 150);
            stop.set(true);
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " failures");
            assertEquals(Set.of(forest.version(), logistic.version()), seen);
            assertTrue(requests.get() >= 1350, "requests: " + requests.get());
            assertEquals(forest.version(), server.model().orElseThrow().version());
        }
    }

    static void waitForProgress(AtomicLong counter, long more) throws InterruptedException {
        long target = counter.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counter.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    @Test
    void swap_modelFailingItsProbeChecks_isRefusedAndTheOldOneKeepsServing() {
        ServedModel forest = Fixtures.forest();
        ServedModel logistic = Fixtures.logistic();
        // batches answered by another model, as a broken batch engine would
        ServedModel split = new Fixtures.Delegate(logistic) {
            @Override
            public List<Result> predictBatch(List<Map<String, Object>> records) {
                return forest.predictBatch(records);
            }
        };
        // probabilities that are not probabilities
        ServedModel nan = new Fixtures.Delegate(logistic) {
            @Override
            public Result predict(Map<String, Object> record) {
                Result r = d.predict(record);
                return new Result(r.label(), new double[] {Double.NaN, Double.NaN, Double.NaN}, r.value());
            }
        };
        try (ModelServer server = Fixtures.server(forest, ModelServer.builder())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.install(split, "test"));
            assertTrue(e.getMessage().startsWith("model iris version 2.0.0 failed probe record 0 "
                    + logistic.probes().get(0) + " (scored in a batch of 8): "), e.getMessage());
            assertTrue(e.getMessage().endsWith(" when scored alone"), e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> server.install(nan, "test"));
            assertTrue(e.getMessage().endsWith("(scored alone): probability of 'setosa' is NaN"), e.getMessage());
            assertEquals(forest.version(), server.model().orElseThrow().version());
            assertTrue(server.previousModel().isEmpty());
            IllegalStateException none = assertThrows(IllegalStateException.class, server::rollback);
            assertTrue(none.getMessage().contains("no previous model"), none.getMessage());
            Fixtures.Client client = new Fixtures.Client(server);
            assertTrue(client.get("/metrics").body().contains("mlops_model_swaps_total{outcome=\"failed\"} 2"));
        }
    }

    @Test
    void adminEndpoints_needTheToken_swapToABundleAndRollBack() throws Exception {
        ServedModel forest = Fixtures.forest();
        try (ModelServer server = Fixtures.server(forest, ModelServer.builder().adminToken("s3cret"))) {
            Fixtures.Client client = new Fixtures.Client(server);
            String swap = "{\"source\": \"" + Fixtures.logisticFixture().bundle() + "\"}";
            HttpResponse<String> anonymous = client.post("/admin/swap", swap);
            assertEquals(401, anonymous.statusCode());
            assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, admin(client, "/admin/swap", "wrong", swap).statusCode());

            HttpResponse<String> bad = admin(client, "/admin/swap", "s3cret", "{\"source\": \"/no/such/bundle\"}");
            assertEquals(422, bad.statusCode(), bad.body());
            assertEquals("source", client.json(bad).get("field").asText());
            assertTrue(client.json(bad).get("error").asText().startsWith("cannot swap to '/no/such/bundle': /no/such/bundle"),
                    bad.body());
            HttpResponse<String> noRegistry = admin(client, "/admin/swap", "s3cret", "{\"source\": \"models:/iris@champion\"}");
            assertEquals(422, noRegistry.statusCode(), noRegistry.body());
            assertTrue(client.json(noRegistry).get("error").asText().contains("no model registry is configured"),
                    noRegistry.body());
            assertEquals(forest.version(), server.model().orElseThrow().version());
            assertEquals(409, admin(client, "/admin/rollback", "s3cret", "").statusCode());

            HttpResponse<String> ok = admin(client, "/admin/swap", "s3cret", swap);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("2.0.0", client.json(ok).at("/active/version").asText());
            assertEquals(Fixtures.logisticFixture().bundle().toString(), client.json(ok).at("/active/source").asText());
            assertEquals(forest.version(), client.json(ok).at("/previous/version").asText());
            JsonNode p = client.json(client.post("/predict", Fixtures.JSON.writeValueAsString(RECORDS.get(1))));
            assertEquals("2.0.0", p.get("version").asText());

            HttpResponse<String> back = admin(client, "/admin/rollback", "s3cret", "");
            assertEquals(forest.version(), client.json(back).at("/active/version").asText());
            assertEquals(forest.version(), client.json(client.post("/predict",
                    Fixtures.JSON.writeValueAsString(RECORDS.get(1)))).get("version").asText());
        }
    }

    static HttpResponse<String> admin(Fixtures.Client client, String path, String token, String body) {
        return client.send(HttpRequest.newBuilder(URI.create(client.base + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void watchedFolder_swapsToItsNewestBundleOnce(@TempDir Path dir) throws Exception {
        ServedModel forest = Fixtures.forest();
        try (ModelServer server = Fixtures.server(forest, ModelServer.builder())) {
            AtomicInteger swaps = new AtomicInteger();
            DirectoryWatcher watcher = new DirectoryWatcher(dir, java.time.Duration.ofSeconds(1), source -> {
                swaps.incrementAndGet();
                return server.swap(source);
            });
            watcher.poll();
            assertEquals(0, swaps.get(), "an empty folder has nothing to load");
            Files.writeString(dir.resolve("notes.txt"), "not a model");
            Files.createDirectories(dir.resolve("not-a-bundle"));
            watcher.poll();
            assertEquals(0, swaps.get(), "only .mlbundle files and directories with a manifest are bundles");

            Path zip = dir.resolve("iris-2.0.0.mlbundle");
            ModelBundle.load(Fixtures.logisticFixture().bundle()).writeZip(zip);
            Files.setLastModifiedTime(zip, FileTime.fromMillis(2_000_000_000_000L));
            watcher.poll();
            assertEquals("2.0.0", server.model().orElseThrow().version());
            watcher.poll();
            assertEquals(1, swaps.get(), "an unchanged folder is not reloaded");

            // a broken newer bundle is tried once and the served one stays
            Path broken = dir.resolve("iris-3.0.0.mlbundle");
            Files.writeString(broken, "not a zip");
            Files.setLastModifiedTime(broken, FileTime.fromMillis(2_000_000_100_000L));
            watcher.poll();
            watcher.poll();
            assertEquals(2, swaps.get());
            assertEquals("2.0.0", server.model().orElseThrow().version());
            assertFalse(server.previousModel().isEmpty());

            // a bundle directory counts from when its manifest (written last) changed
            Path directory = Files.createDirectories(dir.resolve("iris-forest"));
            ModelBundle.load(Fixtures.forestFixture().bundle()).write(directory);
            Files.setLastModifiedTime(directory.resolve("manifest.json"), FileTime.fromMillis(2_000_000_200_000L));
            watcher.poll();
            assertEquals(3, swaps.get());
            assertEquals(forest.version(), server.model().orElseThrow().version());
            assertEquals(directory.toString(), server.model().orElseThrow().source());
        }
    }
}
