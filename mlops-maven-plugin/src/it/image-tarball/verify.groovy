// The image tarball as Jib writes it (docker-archive): layers and their files, entrypoint, port, user,
// labels; and the Kubernetes manifests that name the image.
import groovy.json.JsonSlurper

def sh = { String command ->
    def p = ['sh', '-c', command].execute()
    def out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream()
    p.waitForProcessOutput(out, err)
    assert p.exitValue() == 0 : "$command: $err"
    out.toString('UTF-8')
}
def out = new File(basedir, 'target/mlops/iris')
def tar = new File(out, 'iris-image.tar')
assert tar.isFile() : 'missing target/mlops/iris/iris-image.tar'

def manifest = new JsonSlurper().parseText(sh("tar -xOf '$tar' manifest.json"))
assert manifest.size() == 1
assert manifest[0].RepoTags == ['iris:1.0.0'] : "RepoTags ${manifest[0].RepoTags}"
def baseLayers = new JsonSlurper().parseText(sh("tar -xOf /var/cache/mlops/jre-base.tar manifest.json"))[0].Layers.size()
List layers = manifest[0].Layers
assert layers.size() == baseLayers + 3 : "base (${baseLayers}) + dependencies, application, bundle: $layers"

def list = { String layer -> sh("tar -xOf '$tar' '$layer' | tar -tz").readLines() }
def dependencies = list(layers[baseLayers])
def application = list(layers[baseLayers + 1])
def bundle = list(layers[baseLayers + 2])
['onnxruntime-1.29.0.jar', 'tribuo-core-4.3.2.jar', 'jackson-databind-', 'slf4j-api-'].each { jar ->
    assert dependencies.any { it.startsWith('app/libs/' + jar) } : "dependencies layer has $jar: $dependencies"
}
assert !dependencies.any { it.contains('mlops-') } : 'the project jars are not in the dependencies layer'
assert application.findAll { it.endsWith('.jar') }.collect { it.replaceAll(/-[0-9].*/, '') }.sort() ==
        ['app/libs/mlops-core', 'app/libs/mlops-serving'] : "application layer: $application"
['manifest.json', 'model.tribuo', 'metrics.json'].each { f ->
    assert bundle.contains('app/bundle/' + f) : "bundle layer has app/bundle/$f: $bundle"
}
assert sh("tar -xOf '$tar' '${layers[baseLayers + 2]}' | tar -xzO app/bundle/manifest.json") ==
        new File(out, 'bundle/manifest.json').getText('UTF-8') : 'the bundle layer holds the bundle that train wrote'

def config = new JsonSlurper().parseText(sh("tar -xOf '$tar' '${manifest[0].Config}'")).config
assert config.Entrypoint[0] == 'java' && config.Entrypoint[-1] == 'dev.mlops.serving.ModelServer' : "Entrypoint ${config.Entrypoint}"
assert config.Entrypoint.contains('-XX:MaxRAMPercentage=75') : "Entrypoint ${config.Entrypoint}"
assert config.ExposedPorts.keySet() == ['8080/tcp'] as Set : "ExposedPorts ${config.ExposedPorts}"
assert config.User == '65532:65532' : "User ${config.User}"
assert config.WorkingDir == '/app'
assert config.Env.containsAll(['MLOPS_PORT=8080', 'MLOPS_BUNDLE=/app/bundle', 'MLOPS_BIND=0.0.0.0']) : "Env ${config.Env}"
def labels = config.Labels
def metrics = new JsonSlurper().parse(new File(out, 'metrics.json'))
assert labels['dev.mlops.model.name'] == 'iris'
assert labels['dev.mlops.model.version'] == '1.0.0'
assert labels['dev.mlops.metric.accuracy'] == Double.toString(metrics.accuracy as double) : "accuracy label vs metrics.json ${metrics.accuracy}"
assert labels['dev.mlops.run.id'] == new File(out, 'run.id').text.trim() : 'the run that train recorded'
assert labels['dev.mlops.healthcheck.path'] == '/health' && labels['dev.mlops.healthcheck.port'] == '8080'
assert labels['org.opencontainers.image.created'] == '2026-01-01T00:00:00Z'

// mlops:manifests, after the image in the same phase, names this image
def k8s = new File(out, 'k8s')
['iris-service.yaml', 'iris-blue.yaml', 'iris-green.yaml', 'kustomization.yaml', 'switch.sh', 'rollback.sh'].each {
    assert new File(k8s, it).isFile() : "missing target/mlops/iris/k8s/$it"
}
def blue = new File(k8s, 'iris-blue.yaml').text
assert blue.contains('image: iris:1.0.0') : blue
assert blue.contains('mlops.dev/color: blue') && blue.contains("mlops.dev/run-id: ${labels['dev.mlops.run.id']}") : blue
assert blue.contains('runAsUser: 65532') : blue
assert blue.contains('# The image is the tarball target/mlops/iris/iris-image.tar') : blue
def log = new File(basedir, 'build.log').text
assert log.contains('''[INFO] Switch:   kubectl patch service iris -p '{"spec":{"selector":{"app.kubernetes.io/name":"iris","mlops.dev/color":"green"}}}\'''') : 'switch command logged'
assert log.contains('[INFO] Deploy:   kubectl apply -k target/mlops/iris/k8s') : 'deploy command logged'
