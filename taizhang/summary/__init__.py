"""The annual work summary (工作总结): an editable narrative around figures that come from the record."""
