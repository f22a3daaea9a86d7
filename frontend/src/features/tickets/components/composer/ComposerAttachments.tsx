import type { UploadDto } from '@newsdesk/shared';
import type { ChangeEvent } from 'react';
import { describeError } from '../../../../api/client';
import { VisuallyHidden } from '../../../../components/VisuallyHidden';
import { FieldError } from '../../../../components/Field';
import { Button } from '../../../../components/Button';
import styles from './Composer.module.css';

interface ComposerAttachmentsProps {
  id: string;
  files: UploadDto[];
  uploading: boolean;
  uploadError: unknown;
  onAdd: (files: File[]) => void;
  onRemove: (fileId: string) => void;
}

/** The reply's attachments: pick files to upload, see them listed, remove one. */
export function ComposerAttachments({ id, files, uploading, uploadError, onAdd, onRemove }: ComposerAttachmentsProps) {
  function choose(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const chosen = [...(input.files ?? [])];
    // Cleared so choosing the same file again fires a change.
    input.value = '';
    onAdd(chosen);
  }

  return (
    <div className={styles.files}>
      <Button as="label" htmlFor={id} className={styles.attach}>
        Attach files
      </Button>
      <VisuallyHidden as="input" id={id} type="file" multiple onChange={choose} />
      {uploading && <span role="status">Uploading…</span>}
      {uploadError != null && (
        <FieldError as="span" role="alert">
          Upload failed: {describeError(uploadError)}
        </FieldError>
      )}
      {files.length > 0 && (
        <ul className={styles.fileList} aria-label="Attached files">
          {files.map((file) => (
            <li key={file.id}>
              {file.filename}
              <Button variant="link" type="button" aria-label={`Remove ${file.filename}`} onClick={() => onRemove(file.id)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
