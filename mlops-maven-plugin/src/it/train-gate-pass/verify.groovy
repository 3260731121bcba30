// train + gate in one build: every output is there and the log says the gates passed.
import groovy.json.JsonSlurper

def out = new File(basedir, 'target/mlops/iris')
['bundle/manifest.json', 'bundle/model.tribuo', 'iris-1.0.0.mlbundle', 'metrics.json', 'predictions.csv',
 'confusion_matrix.csv', 'gates.json', 'gates.md', 'report.html'].each {
    assert new File(out, it).isFile() : "missing target/mlops/iris/$it"
}
def metrics = new JsonSlurper().parse(new File(out, 'metrics.json'))
assert metrics.accuracy >= 0.85 : "accuracy ${metrics.accuracy}"
def gates = new JsonSlurper().parse(new File(out, 'gates.json'))
assert gates.passed == true : "gates.json: ${gates}"
assert gates.counts.total == 2 && gates.counts.pass == 2 : "gates.json counts: ${gates.counts}"
assert new File(out, 'report.html').text.contains('accuracy &gt;= 0.85') : 'report.html lists the gates'
assert new File(basedir, 'mlruns').isDirectory() : 'the training run is recorded in mlruns/'

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Passed: 2 gates on iris: 2 passed, 0 failed, 0 warnings, 0 inconclusive') : 'gate summary'
assert log.contains('[INFO] | PASS | accuracy >= 0.85 | 0.9 | block |') : 'verdict table'
assert log.contains('BUILD SUCCESS') : 'build result'
