"""The dataset an output folder holds: the store that adds runs to it, search over it, and targets compared with results."""
