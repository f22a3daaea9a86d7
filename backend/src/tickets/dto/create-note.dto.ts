import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateNoteDto {
  @IsString()
  @IsNotEmpty({ message: 'text must not be empty' })
  @MaxLength(100_000)
  text: string;
}
