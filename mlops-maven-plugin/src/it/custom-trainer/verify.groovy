// The spec's trainer is the project's own class, compiled earlier in the same build.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS') : 'build result'
assert new File(basedir, 'target/classes/com/example/trainers/ExtraTrees.class').isFile() : 'compiled by the same build'
assert log.contains('Trained iris with custom(com.example.trainers.ExtraTrees){trees=20}') : 'trained with the custom trainer'
assert log.contains('[INFO] | PASS | accuracy >= 0.85 |') : 'gate passed'

def bundle = new File(basedir, 'target/mlops/iris/bundle')
def metadata = new JsonSlurper().parse(new File(bundle, 'metadata.json'))
assert metadata.model.algorithm == 'custom' : "metadata.json: ${metadata.model}"
assert metadata.model.hyperparameters == [trees: 20] : "metadata.json: ${metadata.model}"
assert metadata.model['class'] == 'org.tribuo.ensemble.WeightedEnsembleModel' : "metadata.json: ${metadata.model}"
// The trees split at random points: the provenance records the custom trainer's configuration.
def provenance = new File(bundle, 'provenance.json').text
assert provenance =~ /"useRandomSplitPoints"[^}]*"true"/ : 'provenance.json records random split points'
assert new File(bundle, 'spec.yaml').text.contains('class: com.example.trainers.ExtraTrees') : 'spec.yaml names the class'
