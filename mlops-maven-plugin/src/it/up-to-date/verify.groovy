// Three builds: the first trains, the second finds the model up to date, the third (one data byte
// changed, see invoker.properties) trains again.
def log = new File(basedir, 'build.log').text
def trained = log.findAll(/Trained iris with cart\{max_depth=3\}/)
def upToDate = log.findAll(/Model iris is up to date \(spec, data, classes and plugin unchanged\)/)
assert log.findAll(/BUILD SUCCESS/).size() == 3 : 'three successful builds'
assert trained.size() == 2 : "trained twice, was ${trained.size()}"
assert upToDate.size() == 1 : "up to date once, was ${upToDate.size()}"
// The order: train, up to date, train.
def first = log.indexOf('Trained iris'), skip = log.indexOf('is up to date'), second = log.lastIndexOf('Trained iris')
assert first < skip && skip < second : 'train, up to date, train'
// Each training loaded different data.
def fingerprints = log.findAll(/Loaded data\/iris\.csv: 150 rows, 4 features, fingerprint (\w+)/) { m, fp -> fp }
assert fingerprints.size() == 2 && fingerprints[0] != fingerprints[1] : fingerprints
