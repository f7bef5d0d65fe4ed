"""The Tillit maturity self-assessment: yearly scores per principle and the heat map."""
