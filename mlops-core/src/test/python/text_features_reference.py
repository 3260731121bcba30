"""Reference values for TextEncoderTest: scikit-learn's CountVectorizer / TfidfVectorizer defaults.

Run with Debian's python (has scikit-learn): /usr/bin/python3 text_features_reference.py
"""
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

train = [
    "Great phone, great battery!",
    "The battery died after a day.",
    "Not great: the screen cracked",
    "I love the screen and the phone",
]
query = "the great screen, the GREAT phone x"

for name, vec in [("counts", CountVectorizer()), ("tfidf_bigrams", TfidfVectorizer(ngram_range=(1, 2)))]:
    vec.fit(train)
    row = vec.transform([query]).toarray()[0]
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    print(name, "vocabulary size", len(vocab))
    for term, value in zip(vocab, row):
        if value != 0:
            print(f'  "{term}", {value!r}')
    if hasattr(vec, "idf_"):
        print("  idf[the] =", repr(vec.idf_[vec.vocabulary_["the"]]))
