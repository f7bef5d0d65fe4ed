"""Domain functions of the planning chain, one module per step of the chain.

Writes are `<entity>_<action>(*, …)` functions; reads are QuerySet methods on the models
(planning/models/chain.py) or small functions beside the writes they serve. Views stay thin
and call these. Access is decided in tillit.org.permissions, never here.
"""
