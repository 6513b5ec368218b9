"""Accountability cases (约谈 / 通报批评 / 问责): what follows from the figures, against those who held the posts."""
