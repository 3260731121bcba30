// A typo in the spec fails the build with file:line:column, the nearest valid key, and no stack trace.
def log = new File(basedir, 'build.log').text
def spec = new File(basedir, 'src/main/mlops/model.yaml').canonicalPath
assert log.contains('BUILD FAILURE') : 'build result'
assert log.contains("${spec}:4:38: unknown key 'parms' in trainer; did you mean 'params'? Valid: class, params, seed, type") :
        'the message names file:line:column, the key and the nearest valid one'
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'no stack trace without -e'
assert !new File(basedir, 'target/mlops').exists() : 'nothing was trained'
