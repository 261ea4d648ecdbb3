pub mod docx_writer;
