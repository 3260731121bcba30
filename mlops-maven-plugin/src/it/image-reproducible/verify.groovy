// Two builds, the second after mvn clean (so it retrains): the same image digest, config and bytes.
import groovy.json.JsonSlurper
import java.security.MessageDigest

def sha256 = { File f ->
    def md = MessageDigest.getInstance('SHA-256')
    f.withInputStream { input -> byte[] buf = new byte[1 << 16]; int n; while ((n = input.read(buf)) > 0) md.update(buf, 0, n) }
    md.digest().encodeHex().toString()
}
def untar = { File tar, String entry ->
    def p = ['tar', '-xOf', tar.path, entry].execute()
    def out = p.inputStream.text
    assert p.waitFor() == 0 : "tar -xOf $tar $entry: ${p.errorStream.text}"
    out
}

def first = new File(basedir, 'first/iris-image.tar')
def second = new File(basedir, 'target/mlops/iris/iris-image.tar')
assert first.isFile() : 'the first build wrote first/iris-image.tar'
assert second.isFile() : 'the second build wrote target/mlops/iris/iris-image.tar'

def log = new File(basedir, 'build.log').text
def images = (log =~ /\[INFO\] Image iris:1\.0\.0 (sha256:[0-9a-f]{64}) \(model iris 1\.0\.0, run ([0-9a-f]+)\)/).collect { [it[1], it[2]] }
assert images.size() == 2 : "two image builds logged: $images"
assert images[0] == images[1] : "same digest and run label: $images"
assert (log =~ /\[INFO\] Trained iris with logistic-regression/).count == 2 : 'both builds trained (the second after clean)'

def manifest1 = new JsonSlurper().parseText(untar(first, 'manifest.json'))
def manifest2 = new JsonSlurper().parseText(untar(second, 'manifest.json'))
assert manifest1 == manifest2 : 'the same config and layer digests'
assert untar(first, manifest1[0].Config) == untar(second, manifest2[0].Config) : 'the same image configuration'
assert sha256(first) == sha256(second) : 'byte-identical tarballs'

def record = new JsonSlurper().parse(new File(basedir, 'target/mlops/iris/image.json'))
assert record.digest == images[1][0] && record.runId == images[1][1] : "image.json: $record"
