#!/usr/bin/env python3
"""Builds this sample's CSV files from the original "Sentiment Labelled Sentences" files.

    python3 convert.py /path/to/folder/with/the/three/*_labelled.txt/files

amazon_yelp.csv: the Amazon sentences, then the Yelp sentences (2,000 rows); imdb.csv: the IMDB
sentences (1,000 rows). Columns sentence,label; label 1 -> positive, 0 -> negative; surrounding
spaces stripped from the sentences; RFC 4180 quoting; \n line ends.
"""
import csv
import os
import sys

LABELS = {"0": "negative", "1": "positive"}


def rows(folder, site):
    with open(os.path.join(folder, site + "_labelled.txt"), encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line:
                sentence, label = line.rsplit("\t", 1)
                yield sentence.strip(), LABELS[label.strip()]


def write(name, data):
    with open(name, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["sentence", "label"])
        out.writerows(data)


if __name__ == "__main__":
    src = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    write(os.path.join(here, "amazon_yelp.csv"), list(rows(src, "amazon_cells")) + list(rows(src, "yelp")))
    write(os.path.join(here, "imdb.csv"), list(rows(src, "imdb")))
