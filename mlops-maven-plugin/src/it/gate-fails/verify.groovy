// A blocking gate that cannot pass fails the build, naming the gate, the observed value and the rule.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE') : 'build result'
assert log.contains('[INFO] | FAIL | accuracy >= 0.99 | 0.6667 | block |') : 'verdict table'
assert log.contains('FAILED accuracy >= 0.99: accuracy = 0.6667 on 30 evaluation rows is below the minimum 0.99 by 0.3233') :
        'the failure message names the gate, the value and the rule'
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'no stack trace without -e'

def gates = new JsonSlurper().parse(new File(basedir, 'target/mlops/iris/gates.json'))
assert gates.passed == false : "gates.json: ${gates}"
assert gates.gates[0].verdict == 'fail' && Math.abs(gates.gates[0].observed - 2d / 3) < 1e-12 : "gates.json: ${gates.gates[0]}"
