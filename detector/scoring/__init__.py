"""Scoring: article features from the findings, the logistic model (and its fitting), and the
verdict with its reasons (:mod:`mtcheck.scoring.verdict`, the one place that decides)."""
